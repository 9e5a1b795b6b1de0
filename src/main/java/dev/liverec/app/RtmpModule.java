package dev.liverec.app;

import dev.liverec.control.DomainDirectory;
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
 * RTMP ingest: the listener on {@code rtmp.port}, publish authorization (domains, push auth, bans), the node's
 * live-stream announcements, the five stream actions and the poller that carries out drops/forbids written by any
 * node, over the control plane's {@link DomainDirectory}.
 */
public final class RtmpModule implements Module {
    private final RtmpServer server;
    private final ForbiddenStreams forbidden;

    public RtmpModule(ServerContext ctx, DomainDirectory domains) throws Exception {
        var cfg = ctx.config();
        forbidden = new ForbiddenStreams(ctx.db().jdbi());
        OnlineStreams online = new OnlineStreams(ctx.db().jdbi(), NodeAddress.name(cfg));
        ctx.hub().addListener(online);
        ctx.onClose(online);
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

        var authorizer = new DomainPublishAuthorizer(domains, forbidden, cfg.rtmp.requireRegisteredDomain, ctx.clock());
        server = RtmpServer.start(cfg.rtmp, ctx.hub(), authorizer, auth,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        ctx.onClose(server);
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
