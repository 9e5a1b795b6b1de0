package dev.liverec.cluster;

import dev.liverec.db.SqlErrors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * This process's claim on its node id in table {@code node}: taken at start (refused while another process's
 * heartbeat is within the lease, unless that process is known dead: see {@link DataDirLock}), renewed by {@link Heartbeat}, released at a clean stop (heartbeat 0) so a restart
 * needs no wait. Heartbeats use the node's clock: keep the nodes' clocks in sync (NTP).
 */
public final class NodeLease {
    /** A row of the node table, as any node sees it. */
    public record Node(String id, String httpAddress, String rtmpAddress, Instant startedAt, Instant heartbeatAt,
                       boolean live) {}

    private final Jdbi jdbi;
    private final String id;
    private final String instance = UUID.randomUUID().toString();
    private final long leaseMillis;
    private final Clock clock;
    private volatile String httpAddress = "";
    private volatile String rtmpAddress = "";

    public NodeLease(Jdbi jdbi, String id, long leaseMillis, Clock clock) {
        this.jdbi = jdbi;
        this.id = id;
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    public String id() { return id; }

    public long leaseMillis() { return leaseMillis; }

    /** The oldest heartbeat (epoch ms) of a node that is still alive now. */
    public long liveSince() {
        return clock.millis() - leaseMillis;
    }

    /** This process's token in the node table (the id may be held by another process). */
    public String instance() { return instance; }

    /**
     * Takes the id for this process.
     *
     * @param deadInstance an instance known to be dead (the last holder of this data directory) whose lease need not
     *                     be waited out; "" if none
     * @throws NodeIdInUseException while another process holds it
     */
    public void claim(String deadInstance) {
        long now = clock.millis();
        try {
            jdbi.useTransaction(h -> {
                var held = h.createQuery("SELECT instance, heartbeat_at FROM node WHERE id = :id FOR UPDATE")
                        .bind("id", id).map((rs, c) -> Map.entry(rs.getString(1), rs.getLong(2))).findOne();
                if (held.isPresent() && held.get().getValue() >= now - leaseMillis
                        && !held.get().getKey().equals(deadInstance)) {
                    long beat = held.get().getValue();
                    throw new NodeIdInUseException("node id '" + id + "' is in use by another live process (heartbeat "
                            + (now - beat) + " ms ago; its lease ends in " + (beat + leaseMillis - now) + " ms)");
                }
                if (held.isPresent()) {
                    h.createUpdate("UPDATE node SET instance = :inst, http_address = :http, rtmp_address = :rtmp,"
                                    + " started_at = :now, heartbeat_at = :now WHERE id = :id")
                            .bind("inst", instance).bind("http", httpAddress).bind("rtmp", rtmpAddress)
                            .bind("now", now).bind("id", id).execute();
                } else {
                    h.createUpdate("INSERT INTO node (id, instance, http_address, rtmp_address, started_at, heartbeat_at)"
                                    + " VALUES (:id, :inst, :http, :rtmp, :now, :now)")
                            .bind("inst", instance).bind("http", httpAddress).bind("rtmp", rtmpAddress)
                            .bind("now", now).bind("id", id).execute();
                }
            });
        } catch (UnableToExecuteStatementException e) {
            if (SqlErrors.uniqueViolation(e)) {
                throw new NodeIdInUseException("node id '" + id + "' was claimed by another process starting now");
            }
            throw e;
        }
    }

    /** The addresses other nodes and operators see for this node (written with the next heartbeat). */
    public void advertise(String http, String rtmp) {
        httpAddress = http;
        rtmpAddress = rtmp;
    }

    public String httpAddress() { return httpAddress; }

    public String rtmpAddress() { return rtmpAddress; }

    /** @return false when another process has taken the id over (this one was presumed dead) */
    boolean renew() {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE node SET heartbeat_at = :now, http_address = :http,"
                        + " rtmp_address = :rtmp WHERE id = :id AND instance = :inst")
                .bind("now", clock.millis()).bind("http", httpAddress).bind("rtmp", rtmpAddress)
                .bind("id", id).bind("inst", instance).execute()) == 1;
    }

    /** A clean stop: the id is free at once. */
    void release() {
        jdbi.useHandle(h -> h.createUpdate("UPDATE node SET heartbeat_at = 0 WHERE id = :id AND instance = :inst")
                .bind("id", id).bind("inst", instance).execute());
    }

    /** Every node the database knows, live ones first. Blocking. */
    public List<Node> nodes() {
        long since = liveSince();
        return jdbi.withHandle(h -> h.createQuery("SELECT id, http_address, rtmp_address, started_at, heartbeat_at"
                        + " FROM node ORDER BY heartbeat_at DESC, id")
                .map((rs, c) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getLong(5) >= since))
                .list());
    }
}
