package dev.liverec.app;

import dev.liverec.api.ActionRegistry;
import dev.liverec.cluster.NodeHeartbeat;
import dev.liverec.config.LiverecConfig;
import dev.liverec.db.Database;
import dev.liverec.stream.MemoryPressure;
import dev.liverec.stream.StreamHub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The infrastructure every module shares: configuration, clock, database, this node's lease, action registry, stream
 * hub, Vert.x and its router, metrics, and what to close at shutdown. It holds no services: a module gets the parts of other
 * modules it uses through its constructor (see {@link FullNode}).
 */
public final class ServerContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerContext.class);

    private final LiverecConfig config;
    private final Clock clock;
    private final Database db;
    private final ActionRegistry actions = new ActionRegistry();
    private final StreamHub hub;
    private final Vertx vertx;
    private final Router router;
    private final PrometheusMeterRegistry metrics;
    private final NodeHeartbeat node;
    private final MemoryPressure memory;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    public ServerContext(LiverecConfig config, Clock clock, Database db, StreamHub hub, Vertx vertx, Router router,
                         PrometheusMeterRegistry metrics, NodeHeartbeat node, MemoryPressure memory) {
        this.config = config;
        this.clock = clock;
        this.db = db;
        this.hub = hub;
        this.vertx = vertx;
        this.router = router;
        this.metrics = metrics;
        this.node = node;
        this.memory = memory;
    }

    public LiverecConfig config() { return config; }
    public Clock clock() { return clock; }
    public Database db() { return db; }
    public ActionRegistry actions() { return actions; }
    public StreamHub hub() { return hub; }
    public Vertx vertx() { return vertx; }
    public Router router() { return router; }
    public PrometheusMeterRegistry metrics() { return metrics; }
    /** This node's id and heartbeat (its lease in the node table, claimed before any module was built). */
    public NodeHeartbeat node() { return node; }
    /** The node's memory budget: what it degrades near it (docs/memory.md). */
    public MemoryPressure memory() { return memory; }

    /** Closed in reverse order of registration at shutdown. */
    public synchronized void onClose(AutoCloseable c) {
        closeables.push(c);
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while closing {}", c, e);
            }
        }
    }
}
