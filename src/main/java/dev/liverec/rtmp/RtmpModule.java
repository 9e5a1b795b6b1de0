package dev.liverec.rtmp;

import dev.liverec.domain.DomainDirectory;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.server.Module;
import dev.liverec.server.ServerContext;
import dev.liverec.stream.DomainPublishAuthorizer;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.OnlineStreams;
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
 * live-stream announcements, and the five stream actions. Publishes the {@link RtmpServer} (its port) and
 * {@link ForbiddenStreams}.
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
        var stats = server.stats();
        var m = ctx.metrics();
        io.micrometer.core.instrument.FunctionCounter.builder("liverec.rtmp.connections", stats.connections, java.util.concurrent.atomic.AtomicLong::get).register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("liverec.rtmp.handshakes", stats.plainHandshakes, java.util.concurrent.atomic.AtomicLong::get).tag("kind", "plain").register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("liverec.rtmp.handshakes", stats.digestHandshakes, java.util.concurrent.atomic.AtomicLong::get).tag("kind", "digest").register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("liverec.rtmp.protocol.errors", stats.protocolErrors, java.util.concurrent.atomic.AtomicLong::get).register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("liverec.rtmp.publishes", stats.publishes, java.util.concurrent.atomic.AtomicLong::get).tag("result", "accepted").register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("liverec.rtmp.publishes", stats.refusedPublishes, java.util.concurrent.atomic.AtomicLong::get).tag("result", "refused").register(m);
        io.micrometer.core.instrument.Gauge.builder("liverec.rtmp.streams.live", ctx.hub(), h -> h.online().size()).register(m);
        ctx.publish(ForbiddenStreams.class, forbidden);
        ctx.actions().registerAll(new StreamActions(ctx.hub(), forbidden, online, directory, ctx.clock()).all());
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
