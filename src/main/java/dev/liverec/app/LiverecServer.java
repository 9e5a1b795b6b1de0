package dev.liverec.app;

import dev.liverec.cluster.DataDirLock;
import dev.liverec.cluster.NodeHeartbeat;
import dev.liverec.cluster.NodeId;
import dev.liverec.cluster.NodeLease;
import dev.liverec.config.LiverecConfig;
import dev.liverec.db.Database;
import dev.liverec.memory.JvmMemory;
import dev.liverec.memory.MemoryBudget;
import dev.liverec.stream.GopFiles;
import dev.liverec.stream.MemoryPressure;
import dev.liverec.stream.StreamHub;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** Builds the context, wires the modules, opens the HTTP listener, starts the modules; {@link #close()} undoes it all. */
public final class LiverecServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiverecServer.class);

    private final ServerContext ctx;
    private final List<Module> modules;
    private HttpServer http;

    private LiverecServer(ServerContext ctx, List<Module> modules) {
        this.ctx = ctx;
        this.modules = modules;
    }

    /** A full node: every module (see {@link FullNode}). */
    public static LiverecServer start(LiverecConfig config, Clock clock) throws Exception {
        return start(config, clock, FullNode::wire);
    }

    public static LiverecServer start(LiverecConfig config, Clock clock, Wiring wiring) throws Exception {
        Files.createDirectories(config.dataPath());
        Database db = Database.open(config.db, config.dataPath());
        DataDirLock dataDirLock;
        NodeHeartbeat node;
        try {
            dataDirLock = DataDirLock.acquire(config.dataPath());
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
        try {
            node = claimNodeId(config, clock, db, dataDirLock);
        } catch (IOException | RuntimeException e) {
            db.close();
            dataDirLock.close();
            throw e;
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        StreamHub hub = new StreamHub(clock,
                StreamHub.ConflictPolicy.valueOf(config.rtmp.publisherConflict.toUpperCase(Locale.ROOT)),
                config.rtmp.gopCacheMaxBytes);
        GopFiles gopFiles = config.rtmp.gopCacheInFiles
                ? new GopFiles(config.dataPath().resolve("gop-cache"), config.rtmp.gopCacheFileQueueBytes) : null;
        hub.setGopFiles(gopFiles);
        JvmMemory jvm = new JvmMemory();
        MemoryBudget budget = MemoryBudget.resolve(config.memory.budget);
        LOG.info("memory budget {} MiB: heap limit {} MiB, direct limit {} MiB (the launcher's split of the budget: {} / {} MiB)",
                budget.total() >> 20, jvm.heapMax() >> 20, jvm.directMax() >> 20, budget.heap() >> 20, budget.direct() >> 20);
        MemoryPressure memory = new MemoryPressure(hub, jvm::ratio, jvm::describe, config.memory.dropGopCachesAt,
                config.memory.refusePublishersAt, config.memory.refuseForMillis, () -> System.nanoTime() / 1_000_000).start(config.memory.checkMillis);
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        ServerContext ctx = new ServerContext(config, clock, db, hub, vertx, router, metrics, node, memory);
        ctx.onClose(dataDirLock);
        ctx.onClose(jvm);
        ctx.onClose(memory);
        if (gopFiles != null) ctx.onClose(gopFiles);
        ctx.onClose(db);
        ctx.onClose(node); // released after every module stopped, before the database closes
        node.bindMetrics(metrics);
        ctx.onClose(() -> vertx.close().toCompletionStage().toCompletableFuture().get());
        LiverecServer server = null;
        try {
            server = new LiverecServer(ctx, wiring.wire(ctx));
            server.listen();
            for (Module m : server.modules) m.start();
        } catch (Exception | Error e) {
            if (server != null) server.close();
            else ctx.close();
            throw e;
        }
        return server;
    }

    /**
     * Claims the node id before any module runs (crash recovery must never run on another live process's work) and
     * starts its heartbeat. The data directory is locked first: one process per data directory. @throws NodeIdInUseException while another live process holds the id
     */
    private static NodeHeartbeat claimNodeId(LiverecConfig config, Clock clock, Database db, DataDirLock dataDir)
            throws IOException {
        NodeLease lease = new NodeLease(db.jdbi(), NodeId.of(config), config.cluster.leaseMillis, clock);
        lease.advertise(config.publicUrl(), config.rtmp.host + ":" + config.rtmp.port);
        lease.claim(dataDir.previousInstance()); // a crash on this data directory: no wait for the lease
        dataDir.record(lease.instance());
        NodeHeartbeat heartbeat = new NodeHeartbeat(lease, config.cluster.heartbeatMillis, clock);
        heartbeat.start();
        LOG.info("node id {} (lease {} ms)", lease.id(), config.cluster.leaseMillis);
        return heartbeat;
    }

    private void listen() throws Exception {
        var cfg = ctx.config().http;
        HttpServerOptions opts = new HttpServerOptions().setHost(cfg.host).setPort(cfg.port)
                .setCompressionSupported(true)
                .setMaxInitialLineLength(64 * 1024); // GET API requests may carry up to 32 KB of query
        if (cfg.tlsCertFile != null && cfg.tlsKeyFile != null) {
            opts.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cfg.tlsCertFile).setKeyPath(cfg.tlsKeyFile));
        }
        var guard = new dev.liverec.web.HttpConnectionGuard(ctx.vertx(), cfg,
                dev.liverec.storage.FileDescriptorReserve.ofProcess(cfg.fileDescriptorReserve));
        guard.bindMetrics(ctx.metrics());
        http = ctx.vertx().createHttpServer(guard.apply(opts)).connectionHandler(guard::onConnection)
                .requestHandler(guard.wrap(ctx.router())).listen()
                .toCompletionStage().toCompletableFuture().get();
        LOG.info("HTTP{} listening on {}:{}", opts.isSsl() ? "S" : "", cfg.host, http.actualPort());
        if (cfg.port == 0) cfg.port = http.actualPort(); // the node's address (NodeAddress.httpUrl) names the bound port
        if (cfg.publicUrl == null || cfg.publicUrl.isBlank()) {
            ctx.node().lease().advertise((opts.isSsl() ? "https://" : "http://") + cfg.host + ":" + http.actualPort(),
                    ctx.node().lease().rtmpAddress());
        }
    }

    public ServerContext context() { return ctx; }

    /** The installed module of a type, for tests and tools that look inside a node (modules never look each other up). */
    public <M extends Module> M module(Class<M> type) {
        return modules.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no module " + type.getSimpleName() + " in this node"));
    }

    /** The bound HTTP port (useful with port 0 in tests). */
    public int httpPort() { return http.actualPort(); }

    @Override
    public void close() {
        LOG.info("shutting down");
        if (http != null) {
            try {
                http.close().toCompletionStage().toCompletableFuture().get();
            } catch (Exception e) {
                LOG.warn("closing HTTP listener", e);
            }
        }
        ctx.close();
        LOG.info("stopped");
    }
}
