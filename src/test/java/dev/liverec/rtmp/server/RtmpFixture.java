package dev.liverec.rtmp.server;

import dev.liverec.config.RtmpConfig;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.StreamHub;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A hub and an RTMP server on a free port for one test. */
public final class RtmpFixture implements AutoCloseable {
    public final RtmpConfig cfg = new RtmpConfig();
    public final StreamHub hub;
    public final ExecutorService blocking = Executors.newCachedThreadPool();
    public final RtmpServer server;

    public RtmpFixture(PublishAuthorizer authorizer) throws InterruptedException {
        this(authorizer, StreamHub.ConflictPolicy.REFUSE, c -> { });
    }

    public RtmpFixture(PublishAuthorizer authorizer, StreamHub.ConflictPolicy policy,
                       java.util.function.Consumer<RtmpConfig> tune) throws InterruptedException {
        this(authorizer, policy, tune, 2);
    }

    public RtmpFixture(PublishAuthorizer authorizer, StreamHub.ConflictPolicy policy,
                       java.util.function.Consumer<RtmpConfig> tune, int workerThreads) throws InterruptedException {
        cfg.host = "127.0.0.1";
        cfg.port = 0;
        tune.accept(cfg);
        hub = new StreamHub(Clock.systemUTC(), policy, cfg.gopCacheMaxBytes);
        server = RtmpServer.start(cfg, hub, authorizer, blocking, workerThreads);
    }

    public String url(String app) {
        return "rtmp://127.0.0.1:" + server.port() + "/" + app;
    }

    @Override
    public void close() {
        server.close();
        blocking.shutdownNow();
    }
}
