package dev.liverec.record;

import dev.liverec.record.output.FileNamer;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.record.schedule.RecordScheduler;
import dev.liverec.record.session.RecordContext;
import dev.liverec.record.session.RecordEvents;
import dev.liverec.record.session.RecordMetrics;
import dev.liverec.server.Module;
import dev.liverec.server.ServerContext;
import dev.liverec.storage.RecordingStore;
import dev.liverec.task.RecordFormat;
import dev.liverec.task.RecordPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recording engine in a server: needs the {@link RecordPlan} (control plane) and the {@link RecordingStore}
 * (storage) published by earlier modules; installed last. At start it recovers what a crash left behind and
 * resumes the open task windows; at shutdown it closes every file (split reason shutdown) before the stores close.
 */
public final class RecordModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(RecordModule.class);

    private RecordContext rctx;
    private RecordScheduler scheduler;
    private ExecutorService blocking;
    private RecordPlan plan;

    @Override
    public void install(ServerContext ctx) {
        var plan = ctx.optionalService(RecordPlan.class);
        var store = ctx.optionalService(RecordingStore.class);
        if (plan.isEmpty() || store.isEmpty()) {
            LOG.warn("recording disabled: no {} published by an earlier module",
                    plan.isEmpty() ? "RecordPlan" : "RecordingStore");
            return;
        }
        this.plan = plan.get();
        AtomicInteger n = new AtomicInteger();
        blocking = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "record-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger w = new AtomicInteger();
        ExecutorService writes = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "record-write-" + w.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        var cfg = ctx.config().record;
        Map<RecordFormat, OutputFormat> formats = OutputFormats.available();
        RecordEvents events = ctx.optionalService(dev.liverec.notify.CallbackNotifier.class)
                .<RecordEvents>map(NotifierEvents::new)
                .orElse((spec, id, status, detail) ->
                        LOG.info("record status {} {} {}: {}", spec.ownerId(), spec.stream(), status, detail));
        rctx = new RecordContext(ctx.clock(), store.get(), new SessionJournal(ctx.db().jdbi()), blocking, writes,
                new RecordMetrics(ctx.metrics()), events, new FileNamer(FileNamer.DEFAULT_ZONE),
                new OutputFormat.OutputSettings(cfg.hlsSegmentSeconds * 1000, cfg.mp4FragmentMillis), nodeName(ctx),
                formats);
        scheduler = new RecordScheduler(rctx, this.plan, ctx.hub(), Duration.ofSeconds(2));
        ctx.publish(RecordScheduler.class, scheduler);
        ctx.onClose(() -> {
            blocking.shutdown();
            blocking.awaitTermination(30, TimeUnit.SECONDS);
            writes.shutdown();
            writes.awaitTermination(10, TimeUnit.SECONDS);
        });
        ctx.onClose(scheduler); // closed before the executor it commits on
        LOG.info("recording engine ready: formats {}", formats.keySet());
    }

    @Override
    public void started(ServerContext ctx) {
        if (scheduler == null) return;
        // The orphans are the journal rows that exist before the scheduler can start (and journal) a recording:
        // read them first, so a publish right after the restart is never taken for a crash leftover.
        List<SessionJournal.Entry> orphans;
        try {
            orphans = rctx.journal().list(rctx.node());
        } catch (RuntimeException e) {
            LOG.error("crash recovery: cannot read the recording journal; will retry at next start", e);
            orphans = List.of();
        }
        List<SessionJournal.Entry> left = orphans;
        blocking.execute(() -> {
            try {
                int n = rctx.orphanRecovery(plan).run(left);
                if (n > 0) LOG.warn("recovered {} file(s) left by an unclean stop", n);
            } catch (RuntimeException e) {
                LOG.error("crash recovery failed", e);
            }
        });
        scheduler.start();
    }

    static String nodeName(ServerContext ctx) {
        String n = ctx.config().nodeName;
        if (n != null && !n.isBlank()) return n;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
