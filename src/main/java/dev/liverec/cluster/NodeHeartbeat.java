package dev.liverec.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews this node's {@link NodeLease} every {@code cluster.heartbeatMillis} on its own thread, then runs the tasks
 * modules registered ({@link #onBeat}: re-announcing live streams, removing dead nodes' streams). A failed renewal
 * (database down) is logged once per outage and changes nothing else: recording goes on.
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeLease lease;
    private final long periodMillis;
    private final Clock clock;
    private final List<Runnable> tasks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** Since when (epoch ms) every renewal succeeded; -1 after a failure. The claim counts as the first. */
    private volatile long steadySince;
    private volatile List<NodeLease.Node> nodes = List.of();

    public NodeHeartbeat(NodeLease lease, long periodMillis, Clock clock) {
        this.lease = lease;
        this.periodMillis = periodMillis;
        this.clock = clock;
        this.steadySince = clock.millis();
    }

    public NodeLease lease() { return lease; }

    public String nodeId() { return lease.id(); }

    public void start() {
        timer.scheduleWithFixedDelay(this::beat, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs after every successful renewal, on the heartbeat thread (hand long work to another thread). */
    public void onBeat(Runnable task) {
        tasks.add(task);
    }

    /**
     * Whether this node has renewed without a gap for a whole lease: only then may it judge other nodes dead (after
     * a database outage every heartbeat is old; each node first gets a lease to renew its own).
     */
    public boolean steady() {
        long since = steadySince;
        return since >= 0 && clock.millis() - since >= lease.leaseMillis();
    }

    /** Whether the last renewal reached the database (callers with a fallback skip the wait for a dead one). */
    public boolean databaseReachable() {
        return steadySince >= 0;
    }

    /** The node table as of the last heartbeat. */
    public List<NodeLease.Node> nodes() {
        return nodes;
    }

    /** This node's id and the node table as of the last heartbeat, as {@code /readyz} shows them. */
    public Map<String, Object> describe() {
        long now = clock.millis();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NodeLease.Node n : nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("http", n.httpAddress());
            m.put("rtmp", n.rtmpAddress());
            m.put("live", n.live());
            m.put("startedAt", n.startedAt().toString());
            m.put("heartbeatAgeMs", n.heartbeatAt().toEpochMilli() == 0 ? null : now - n.heartbeatAt().toEpochMilli());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", lease.id());
        out.put("nodes", rows);
        return out;
    }

    void beat() {
        try {
            if (!lease.renew()) {
                LOG.error("node id '{}' was claimed by another process (this one missed its lease): give each process"
                        + " its own --node-id", lease.id());
            }
            nodes = lease.nodes();
        } catch (RuntimeException e) {
            if (steadySince >= 0) LOG.warn("node heartbeat failed (database unreachable?): {}", e.toString());
            steadySince = -1;
            return;
        }
        if (steadySince < 0) {
            steadySince = clock.millis();
            LOG.info("node heartbeat renewed again");
        }
        for (Runnable t : tasks) {
            try {
                t.run();
            } catch (RuntimeException e) {
                LOG.warn("heartbeat task failed: {}", e.toString());
            }
        }
    }

    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("liverec_cluster_nodes", () -> nodes.stream().filter(NodeLease.Node::live).count())
                .tag("state", "live").description("Nodes whose heartbeat is within the lease (as of the last heartbeat)")
                .register(registry);
        Gauge.builder("liverec_cluster_nodes", () -> nodes.stream().filter(n -> !n.live()).count())
                .tag("state", "expired").description("Nodes in the node table whose lease has expired")
                .register(registry);
    }

    /** Stops renewing and releases the id (a clean stop: a restart may claim it at once). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("could not release node id '{}': {}", lease.id(), e.toString());
        }
    }
}
