package dev.liverec.stream;

import dev.liverec.db.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The cluster's live streams in the database ({@code live_stream_online}, keyed by the stream, so one node holds a
 * stream at a time). A publish first {@link #claim}s the stream (blocking, before the hub registers it), hub events
 * are then written in order by one background thread (never on the event loop), and every heartbeat
 * {@link #reconcile}s the rows with the hub. A row counts only while its node's heartbeat is within the lease
 * ({@code liveSince}); {@link #removeDeadNodes} deletes the rest. The node's rows are cleared at start and close.
 */
public final class OnlineStreams implements StreamListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineStreams.class);
    /** A claim whose publish has not started after this long was abandoned (a refused or broken publish). */
    static final long CLAIM_GRACE_MS = 10_000;
    private static final String LIVE_NODES = "SELECT id FROM node WHERE heartbeat_at >= :since";

    /** A stream some node announced. */
    public record Entry(String node, StreamKey key, long accountId, String sequence, Instant publishedAt) {}

    /** The node holding a stream in the database; {@code live} while that node's lease holds. */
    public record Holder(String node, long accountId, boolean live) {}

    private final Jdbi jdbi;
    private final String node;
    private final LongSupplier liveSince;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stream-announcer");
        t.setDaemon(true);
        return t;
    });

    /** @param liveSince the oldest heartbeat (epoch ms) of a node still alive now */
    public OnlineStreams(Jdbi jdbi, String node, LongSupplier liveSince, Clock clock) {
        this.jdbi = jdbi;
        this.node = node;
        this.liveSince = liveSince;
        this.clock = clock;
        int stale = jdbi.withHandle(h -> h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n")
                .bind("n", node).execute());
        if (stale > 0) LOG.info("removed {} stale live-stream announcements of node {}", stale, node);
    }

    public String node() { return node; }

    /**
     * Takes the stream for a publish on this node, atomically (the primary key). Blocking.
     *
     * @return empty when this node holds it now (new claim, or already its own: the hub decides), else the holder
     */
    public Optional<Holder> claim(StreamKey key, long accountId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                jdbi.useHandle(h -> insert(h, key, accountId, "", clock.millis()));
                return Optional.empty();
            } catch (UnableToExecuteStatementException e) {
                if (!SqlErrors.uniqueViolation(e)) throw e;
            }
            Optional<Holder> holder = holder(key);
            if (holder.isPresent()) {
                return holder.get().node().equals(node) ? Optional.empty() : holder;
            } // gone meanwhile: try again
        }
        return holder(key).filter(h -> !h.node().equals(node));
    }

    /** Who holds the stream, if anyone. Blocking. */
    public Optional<Holder> holder(StreamKey key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT o.node_name, o.account_id, n.heartbeat_at"
                        + " FROM live_stream_online o LEFT JOIN node n ON n.id = o.node_name"
                        + " WHERE o.domain_name = :d AND o.app_name = :a AND o.stream_name = :s")
                .bind("d", key.domain()).bind("a", key.app()).bind("s", key.name())
                .map((rs, c) -> {
                    long beat = rs.getLong(3);
                    boolean known = !rs.wasNull();
                    return new Holder(rs.getString(1), rs.getLong(2), known && beat >= liveSince.getAsLong());
                }).findOne());
    }

    /** Deletes a dead node's row of the stream (not if the node renewed meanwhile). Blocking. */
    public boolean removeIfDead(StreamKey key, String deadNode) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM live_stream_online WHERE domain_name = :d AND app_name = :a"
                        + " AND stream_name = :s AND node_name = :dead AND node_name NOT IN (" + LIVE_NODES + ")")
                .bind("d", key.domain()).bind("a", key.app()).bind("s", key.name()).bind("dead", deadNode)
                .bind("since", liveSince.getAsLong()).execute()) > 0;
    }

    /** Deletes the streams of every node whose lease has expired; returns how many. Blocking. */
    public int removeDeadNodes() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM live_stream_online WHERE node_name <> :n"
                        + " AND node_name NOT IN (" + LIVE_NODES + ")")
                .bind("n", node).bind("since", liveSince.getAsLong()).execute());
    }

    @Override
    public void onPublish(LiveStream s) {
        writer.execute(() -> run("announce " + s.key(), () -> jdbi.useHandle(h -> announce(h, s))));
    }

    @Override
    public void onUnpublish(LiveStream s) {
        writer.execute(() -> run("withdraw " + s.key(), () -> jdbi.useHandle(h ->
                h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n AND domain_name = :d "
                                + "AND app_name = :a AND stream_name = :s AND sequence = :seq")
                        .bind("n", node).bind("d", s.key().domain()).bind("a", s.key().app()).bind("s", s.key().name())
                        .bind("seq", s.sequence()).execute())));
    }

    /**
     * Makes this node's rows match its hub (queued behind the hub events): writes live streams whose row is missing
     * (their claim or announcement failed while the database was down) and deletes rows of streams that ended or
     * claims that were never used. A stream another live node holds meanwhile is disconnected here: the database
     * decides who records it.
     */
    public void reconcile(List<LiveStream> local) {
        writer.execute(() -> run("reconcile live streams", () -> {
            Map<StreamKey, LiveStream> live = new HashMap<>();
            for (LiveStream s : local) if (!s.isEnded()) live.put(s.key(), s);
            long now = clock.millis();
            jdbi.useHandle(h -> {
                for (Entry e : rows(h, "o.node_name = :n", node)) {
                    LiveStream s = live.remove(e.key());
                    boolean pendingClaim = e.sequence().isEmpty() && now - e.publishedAt().toEpochMilli() < CLAIM_GRACE_MS;
                    if (s == null && !pendingClaim) delete(h, e.key(), e.sequence());
                    else if (s != null && !e.sequence().equals(s.sequence())) announce(h, s);
                }
                for (LiveStream s : live.values()) {
                    if (announce(h, s)) continue;
                    Optional<Holder> other = holder(s.key());
                    boolean free = other.isEmpty() || (!other.get().live() && removeIfDead(s.key(), other.get().node()));
                    if (free && announce(h, s)) continue;
                    LOG.warn("stream {}: held by node {} in the database; disconnecting the publisher here", s.key(),
                            other.map(Holder::node).orElse("?"));
                    s.disconnect();
                }
            });
        }));
    }

    /** Streams other live nodes announce (this node's own come from the hub). Blocking. */
    public List<Entry> otherNodes() {
        return jdbi.withHandle(h -> rows(h, "o.node_name <> :n AND o.sequence <> '' AND o.node_name IN ("
                + LIVE_NODES + ")", node));
    }

    private List<Entry> rows(Handle h, String where, String n) {
        var q = h.createQuery("SELECT o.node_name, o.domain_name, o.app_name, o.stream_name, o.account_id, o.sequence,"
                + " o.published_at FROM live_stream_online o WHERE " + where).bind("n", n);
        if (where.contains(":since")) q.bind("since", liveSince.getAsLong());
        return q.map((rs, c) -> new Entry(rs.getString(1), new StreamKey(rs.getString(2), rs.getString(3), rs.getString(4)),
                        rs.getLong(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))))
                .list();
    }

    /** Writes the stream's row for this node; false when another node holds the stream. */
    private boolean announce(Handle h, LiveStream s) {
        StreamKey k = s.key();
        int updated = h.createUpdate("UPDATE live_stream_online SET account_id = :acc, sequence = :seq, published_at = :at"
                        + " WHERE domain_name = :d AND app_name = :a AND stream_name = :s AND node_name = :n")
                .bind("acc", s.accountId()).bind("seq", s.sequence()).bind("at", s.publishedAt().toEpochMilli())
                .bind("d", k.domain()).bind("a", k.app()).bind("s", k.name()).bind("n", node).execute();
        if (updated > 0) return true;
        try {
            insert(h, k, s.accountId(), s.sequence(), s.publishedAt().toEpochMilli());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (!SqlErrors.uniqueViolation(e)) throw e;
            return false;
        }
    }

    private void insert(Handle h, StreamKey k, long accountId, String sequence, long at) {
        h.createUpdate("INSERT INTO live_stream_online (domain_name, app_name, stream_name, node_name, account_id,"
                        + " sequence, published_at) VALUES (:d, :a, :s, :n, :acc, :seq, :at)")
                .bind("d", k.domain()).bind("a", k.app()).bind("s", k.name()).bind("n", node)
                .bind("acc", accountId).bind("seq", sequence).bind("at", at).execute();
    }

    private void delete(Handle h, StreamKey k, String sequence) {
        h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n AND domain_name = :d AND app_name = :a"
                        + " AND stream_name = :s AND sequence = :seq")
                .bind("n", node).bind("d", k.domain()).bind("a", k.app()).bind("s", k.name()).bind("seq", sequence)
                .execute();
    }

    /** Waits until queued announcements are written (tests, shutdown). */
    public void flush() throws InterruptedException {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("could not {} in the database: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run("clear announcements", () -> jdbi.useHandle(h ->
                h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n").bind("n", node).execute()));
    }
}
