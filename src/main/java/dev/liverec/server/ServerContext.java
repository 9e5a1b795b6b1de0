package dev.liverec.server;

import dev.liverec.api.ActionRegistry;
import dev.liverec.config.LiverecConfig;
import dev.liverec.db.Database;
import dev.liverec.stream.StreamHub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What modules share: configuration, clock, database, action registry, stream hub, Vert.x and its router, metrics,
 * and a typed registry of services that one module publishes for another (e.g. the task service for recording).
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
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    public ServerContext(LiverecConfig config, Clock clock, Database db, StreamHub hub, Vertx vertx, Router router,
                         PrometheusMeterRegistry metrics) {
        this.config = config;
        this.clock = clock;
        this.db = db;
        this.hub = hub;
        this.vertx = vertx;
        this.router = router;
        this.metrics = metrics;
    }

    public LiverecConfig config() { return config; }
    public Clock clock() { return clock; }
    public Database db() { return db; }
    public ActionRegistry actions() { return actions; }
    public StreamHub hub() { return hub; }
    public Vertx vertx() { return vertx; }
    public Router router() { return router; }
    public PrometheusMeterRegistry metrics() { return metrics; }

    public <T> void publish(Class<T> type, T service) {
        if (services.putIfAbsent(type, service) != null) throw new IllegalStateException("published twice: " + type);
    }

    public <T> T service(Class<T> type) {
        Object s = services.get(type);
        if (s == null) throw new IllegalStateException("no service " + type.getName() + " (module order?)");
        return type.cast(s);
    }

    public <T> java.util.Optional<T> optionalService(Class<T> type) {
        return java.util.Optional.ofNullable(type.cast(services.get(type)));
    }

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
