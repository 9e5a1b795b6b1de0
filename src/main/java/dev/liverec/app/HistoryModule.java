package dev.liverec.app;

import dev.liverec.api.ApiAction;
import dev.liverec.api.history.DescribeCallbackRecordsList;
import dev.liverec.api.history.DescribeConcurrentRecordStreamNum;
import dev.liverec.api.history.DescribeLiveStreamEventList;
import dev.liverec.api.history.DescribeLiveStreamPublishedList;
import dev.liverec.control.ControlPlane;
import dev.liverec.notify.CallbackRecords;
import dev.liverec.storage.RecordingSpans;
import dev.liverec.stream.PublishHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The record-adjacent history queries over what the node already stores: the push history it keeps
 * ({@link PublishHistory}, rows older than the 60-day query window purged hourly, pushes of dead nodes ended), recordings (record files and
 * sessions) and the callback outbox.
 */
public final class HistoryModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryModule.class);
    static final Duration KEEP_PUSHES = Duration.ofDays(61);

    private final ServerContext ctx;
    private final PublishHistory pushes;
    private final ScheduledExecutorService purge;

    public HistoryModule(ServerContext ctx, ControlPlane cp) {
        this.ctx = ctx;
        pushes = new PublishHistory(ctx.db().jdbi(), ctx.node().nodeId(), ctx.clock());
        int left = pushes.endLeftovers();
        if (left > 0) LOG.info("ended {} pushes left open by this node's previous process", left);
        ctx.hub().addListener(pushes);
        ctx.node().onBeat(() -> {
            if (!ctx.node().steady()) return; // judge other nodes only while this one's own heartbeat holds
            int n = pushes.endPushesOfDeadNodes(ctx.node().lease().liveSince());
            if (n > 0) LOG.info("ended {} pushes of nodes whose lease expired", n);
        });
        ctx.onClose(pushes);
        ctx.actions().registerAll(actions(cp, pushes, ctx));
        purge = Executors.newSingleThreadScheduledExecutor(r -> StorageModule.daemon(r, "liverec-history-purge"));
        ctx.onClose(purge::shutdownNow);
    }

    static List<ApiAction> actions(ControlPlane cp, PublishHistory pushes, ServerContext ctx) {
        var jdbi = ctx.db().jdbi();
        return List.of(new DescribeLiveStreamPublishedList(cp, pushes), new DescribeLiveStreamEventList(cp, pushes),
                new DescribeCallbackRecordsList(cp, new CallbackRecords(jdbi)),
                new DescribeConcurrentRecordStreamNum(cp, new RecordingSpans(jdbi)));
    }

    public PublishHistory pushes() {
        return pushes;
    }

    @Override
    public void start() {
        purge.scheduleWithFixedDelay(() -> {
            try {
                int n = pushes.purge(ctx.clock().instant().minus(KEEP_PUSHES));
                if (n > 0) LOG.info("purged {} old pushes from the publish history", n);
            } catch (RuntimeException e) {
                LOG.warn("publish history purge failed: {}", e.toString());
            }
        }, 5, 3600, TimeUnit.SECONDS);
    }
}
