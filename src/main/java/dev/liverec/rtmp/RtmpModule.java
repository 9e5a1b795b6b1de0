package dev.liverec.rtmp;

import dev.liverec.domain.DomainDirectory;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.server.Module;
import dev.liverec.server.ServerContext;
import dev.liverec.stream.DomainPublishAuthorizer;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.OnlineStreams;
import dev.liverec.stream.StreamCommandPoller;
import dev.liverec.stream.StreamCommands;
import dev.liverec.stream.action.StreamActions;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * RTMP ingest: the listener on {@code rtmp.port}, publish authorization (domains, push auth, bans), the node's
 * live-stream announcements, the five stream actions and the poller that carries out drops/forbids written by any
 * node. Publishes the {@link RtmpServer} (its port) and {@link ForbiddenStreams}.
 */
public final class RtmpModule implements Module {
    @Override
    public void install(ServerContext ctx) throws Exception {
        var cfg = ctx.config();
        Supplier<Optional<DomainDirectory>> directory = () -> ctx.optionalService(DomainDirectory.class);
        ForbiddenStreams forbidden = new ForbiddenStreams(ctx.db().jdbi());
        OnlineStreams online = new OnlineStreams(ctx.db().jdbi(), nodeName(cfg.nodeName));
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

        var authorizer = new DomainPublishAuthorizer(directory, forbidden, cfg.rtmp.requireRegisteredDomain, ctx.clock());
        RtmpServer server = RtmpServer.start(cfg.rtmp, ctx.hub(), authorizer, auth,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        ctx.onClose(server);
        ctx.publish(RtmpServer.class, server);
        // metrics: the web module exports server.stats() (RtmpMeters) and the hub (StreamMeters)
        ctx.publish(ForbiddenStreams.class, forbidden);
        ctx.actions().registerAll(new StreamActions(ctx.hub(), forbidden, online, commands, directory, ctx.clock()).all());
    }

    static String nodeName(String configured) {
        if (configured != null && !configured.isBlank()) return configured;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
