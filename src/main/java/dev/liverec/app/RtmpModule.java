package dev.liverec.app;

import dev.liverec.cluster.NodeHeartbeat;
import dev.liverec.cluster.SinglePublisherGate;
import dev.liverec.control.DomainDirectory;
import dev.liverec.control.LastKnownDomains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.control.DomainPublishAuthorizer;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.OnlineStreams;
import dev.liverec.stream.StreamCommandPoller;
import dev.liverec.stream.StreamCommands;
import dev.liverec.api.stream.StreamActions;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RTMP ingest: the listener on {@code rtmp.port}, publish authorization (domains, push auth, bans; the last known
 * domains while the database is down; one publisher per stream across the cluster), the live streams in the database
 * (re-announced and dead nodes' removed on every heartbeat), the five stream actions and the poller that carries out drops/forbids written by any
 * node, over the control plane's {@link DomainDirectory}.
 */
public final class RtmpModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(RtmpModule.class);
    private final RtmpServer server;
    private final ForbiddenStreams forbidden;

    public RtmpModule(ServerContext ctx, DomainDirectory domains) throws Exception {
        var cfg = ctx.config();
        forbidden = new ForbiddenStreams(ctx.db().jdbi());
        NodeHeartbeat node = ctx.node();
        OnlineStreams online = new OnlineStreams(ctx.db().jdbi(), node.nodeId(), node.lease()::liveSince, ctx.clock());
        ctx.hub().addListener(online);
        ctx.onClose(online);
        node.onBeat(() -> {
            online.reconcile(ctx.hub().online());
            if (node.steady()) { // judge other nodes only while this one's own heartbeat holds
                int n = online.removeDeadNodes();
                if (n > 0) LOG.info("removed {} live streams of nodes whose lease expired", n);
            }
        });
        StreamCommands commands = new StreamCommands(ctx.db().jdbi());
        StreamCommandPoller poller = new StreamCommandPoller(commands, ctx.hub(), forbidden, ctx.clock(),
                cfg.rtmp.commandPollMillis);
        poller.start();
        ctx.onClose(poller);

        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor auth = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "rtmp-auth-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        auth.allowCoreThreadTimeOut(true);
        ctx.onClose(auth::shutdownNow);

        LastKnownDomains known = new LastKnownDomains(domains, node::databaseReachable);
        node.onBeat(known::refreshIfDue);
        var authorizer = new SinglePublisherGate(new DomainPublishAuthorizer(known, forbidden,
                cfg.rtmp.requireRegisteredDomain, ctx.clock(), node::databaseReachable),
                online, commands, ctx.hub().conflictPolicy(), cfg.rtmp.commandPollMillis, ctx.clock(),
                node::databaseReachable);
        server = RtmpServer.start(cfg.rtmp, ctx.hub(), authorizer, auth,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        ctx.onClose(server);
        node.lease().advertise(node.lease().httpAddress(), cfg.rtmp.host + ":" + server.port());
        // metrics: the web module exports server.stats() (RtmpMeters) and the hub (StreamMeters)
        ctx.actions().registerAll(new StreamActions(ctx.hub(), forbidden, online, commands, domains, ctx.clock()).all());
    }

    /** The listener (its port and ingest counters). */
    public RtmpServer server() {
        return server;
    }

    public ForbiddenStreams forbidden() {
        return forbidden;
    }
}
