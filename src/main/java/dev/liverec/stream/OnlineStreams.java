package dev.liverec.stream;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Announces this node's live streams in the database ({@code live_stream_online}) so other nodes list them too.
 * Hub events are written in order by one background thread (never on the event loop); the node's rows are
 * cleared at start (left over from a crash) and at close.
 */
public final class OnlineStreams implements StreamListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineStreams.class);

    /** A stream some node announced. */
    public record Entry(String node, StreamKey key, long accountId, String sequence, Instant publishedAt) {}

    private final Jdbi jdbi;
    private final String node;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stream-announcer");
        t.setDaemon(true);
        return t;
    });

    public OnlineStreams(Jdbi jdbi, String node) {
        this.jdbi = jdbi;
        this.node = node;
        int stale = jdbi.withHandle(h -> h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n")
                .bind("n", node).execute());
        if (stale > 0) LOG.info("removed {} stale live-stream announcements of node {}", stale, node);
    }

    public String node() { return node; }

    @Override
    public void onPublish(LiveStream s) {
        writer.execute(() -> run("announce " + s.key(), () -> jdbi.useTransaction(h -> {
            delete(h, s.key());
            h.createUpdate("INSERT INTO live_stream_online (node_name, domain_name, app_name, stream_name, account_id, sequence, published_at) "
                            + "VALUES (:n, :d, :a, :s, :acc, :seq, :at)")
                    .bind("n", node).bind("d", s.key().domain()).bind("a", s.key().app()).bind("s", s.key().name())
                    .bind("acc", s.accountId()).bind("seq", s.sequence()).bind("at", s.publishedAt().toEpochMilli())
                    .execute();
        })));
    }

    @Override
    public void onUnpublish(LiveStream s) {
        writer.execute(() -> run("withdraw " + s.key(), () -> jdbi.useHandle(h ->
                h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n AND domain_name = :d "
                                + "AND app_name = :a AND stream_name = :s AND sequence = :seq")
                        .bind("n", node).bind("d", s.key().domain()).bind("a", s.key().app()).bind("s", s.key().name())
                        .bind("seq", s.sequence()).execute())));
    }

    /** Streams other nodes announce (this node's own come from the hub). Blocking. */
    public List<Entry> otherNodes() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT node_name, domain_name, app_name, stream_name, account_id, sequence, published_at "
                                + "FROM live_stream_online WHERE node_name <> :n")
                .bind("n", node)
                .map((rs, c) -> new Entry(rs.getString(1), new StreamKey(rs.getString(2), rs.getString(3), rs.getString(4)),
                        rs.getLong(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))))
                .list());
    }

    /** Waits until queued announcements are written (tests, shutdown). */
    public void flush() throws InterruptedException {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private void delete(org.jdbi.v3.core.Handle h, StreamKey k) {
        h.createUpdate("DELETE FROM live_stream_online WHERE node_name = :n AND domain_name = :d AND app_name = :a AND stream_name = :s")
                .bind("n", node).bind("d", k.domain()).bind("a", k.app()).bind("s", k.name()).execute();
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
