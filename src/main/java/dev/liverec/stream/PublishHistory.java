package dev.liverec.stream;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One row per push in {@code stream_publish}, opened on publish and closed on unpublish (written in order by one
 * background thread, never on the event loop): the history DescribeLiveStreamPublishedList and
 * DescribeLiveStreamEventList answer from.
 */
public final class PublishHistory implements StreamListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHistory.class);
    /** StopReason of a push whose publisher left or was dropped. */
    public static final String STOPPED = "publisher_left";
    /** StopReason of a push whose node died (its lease expired): it ended at the node's last heartbeat. */
    public static final String NODE_LOST = "node_lost";

    /** One push; {@code endedAt} null while live. */
    public record Push(StreamKey key, String sequence, String clientIp, int width, int height, Instant startedAt,
                       Instant endedAt, String stopReason) {}

    /**
     * Which pushes: overlapping [from, to]; null domain/app/stream do not filter; {@code exact} compares the stream
     * name, else it is a substring; {@code ascending} orders by end time (live ones last), else newest first.
     */
    public record Filter(long accountId, String domain, String app, String stream, boolean exact, Instant from,
                         Instant to, boolean ascending) {}

    public record Page(List<Push> pushes, long total) {}

    private final Jdbi jdbi;
    private final String node;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "publish-history");
        t.setDaemon(true);
        return t;
    });

    public PublishHistory(Jdbi jdbi, String node, Clock clock) {
        this.jdbi = jdbi;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void onPublish(LiveStream s) {
        if (s.accountId() <= 0) return; // unregistered domain: nobody can ask for it
        String ip = s.peer() == null || s.peer().getAddress() == null ? "" : s.peer().getAddress().getHostAddress();
        write("open " + s.key(), () -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO stream_publish (account_id, domain_name, app_name, stream_name, sequence, node_name,"
                                + " client_ip, width, height, started_ms) VALUES (:acc, :d, :a, :s, :seq, :n, :ip, 0, 0, :at)")
                .bind("acc", s.accountId()).bind("d", s.key().domain()).bind("a", s.key().app())
                .bind("s", s.key().name()).bind("seq", s.sequence()).bind("n", node).bind("ip", ip)
                .bind("at", s.publishedAt().toEpochMilli()).execute()));
    }

    @Override
    public void onUnpublish(LiveStream s) {
        if (s.accountId() <= 0) return;
        long at = clock.millis();
        int w = s.info() == null ? 0 : s.info().width();
        int hgt = s.info() == null ? 0 : s.info().height();
        write("close " + s.key(), () -> jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE stream_publish SET ended_ms = :at, stop_reason = :why, width = :w, height = :h"
                                + " WHERE sequence = :seq AND ended_ms IS NULL")
                .bind("at", at).bind("why", STOPPED).bind("w", w).bind("h", hgt).bind("seq", s.sequence()).execute()));
    }

    /**
     * Ends the open pushes of every other node whose heartbeat is older than {@code liveSince} (epoch ms), at that
     * node's last heartbeat (now when unknown); returns how many. Blocking.
     */
    public int endPushesOfDeadNodes(long liveSince) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE stream_publish SET stop_reason = :why, ended_ms = COALESCE("
                        + "(SELECT NULLIF(n.heartbeat_at, 0) FROM node n WHERE n.id = stream_publish.node_name), :now)"
                        + " WHERE ended_ms IS NULL AND node_name <> :me"
                        + " AND node_name NOT IN (SELECT id FROM node WHERE heartbeat_at >= :since)")
                .bind("why", NODE_LOST).bind("now", clock.millis()).bind("me", node).bind("since", liveSince).execute());
    }

    /**
     * Ends this node's pushes left open by its previous process (a crash): call before listening to the hub, while
     * this process holds the node id. Returns how many. Blocking.
     */
    public int endLeftovers() {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE stream_publish SET stop_reason = :why, ended_ms = :now"
                        + " WHERE ended_ms IS NULL AND node_name = :me")
                .bind("why", NODE_LOST).bind("now", clock.millis()).bind("me", node).execute());
    }

    /** Deletes pushes that ended before {@code before}; returns how many. */
    public int purge(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM stream_publish WHERE ended_ms < :t")
                .bind("t", before.toEpochMilli()).execute());
    }

    public Page find(Filter f, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE account_id = :acc AND started_ms <= :to"
                + " AND (ended_ms IS NULL OR ended_ms >= :from)");
        if (f.domain() != null) where.append(" AND domain_name = :d");
        if (f.app() != null) where.append(" AND app_name = :a");
        if (f.stream() != null) where.append(f.exact() ? " AND stream_name = :s" : " AND stream_name LIKE :s ESCAPE '!'");
        String order = f.ascending() ? " ORDER BY CASE WHEN ended_ms IS NULL THEN 1 ELSE 0 END, ended_ms, id"
                : " ORDER BY CASE WHEN ended_ms IS NULL THEN 0 ELSE 1 END, ended_ms DESC, id DESC";
        return jdbi.withHandle(h -> {
            Query count = bind(h.createQuery("SELECT COUNT(*) FROM stream_publish" + where), f);
            Query rows = bind(h.createQuery("SELECT * FROM stream_publish" + where + order
                    + " LIMIT :limit OFFSET :offset"), f).bind("limit", limit).bind("offset", offset);
            List<Push> list = rows.map((rs, c) -> {
                long ended = rs.getLong("ended_ms");
                boolean live = rs.wasNull();
                return new Push(new StreamKey(rs.getString("domain_name"), rs.getString("app_name"),
                        rs.getString("stream_name")), rs.getString("sequence"), rs.getString("client_ip"),
                        rs.getInt("width"), rs.getInt("height"), Instant.ofEpochMilli(rs.getLong("started_ms")),
                        live ? null : Instant.ofEpochMilli(ended), rs.getString("stop_reason"));
            }).list();
            return new Page(list, count.mapTo(Long.class).one());
        });
    }

    private static Query bind(Query q, Filter f) {
        q.bind("acc", f.accountId()).bind("from", f.from().toEpochMilli()).bind("to", f.to().toEpochMilli());
        if (f.domain() != null) q.bind("d", f.domain());
        if (f.app() != null) q.bind("a", f.app());
        if (f.stream() != null) {
            q.bind("s", f.exact() ? f.stream()
                    : "%" + f.stream().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return q;
    }

    private void write(String what, Runnable r) {
        Runnable logged = () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("publish history: could not {}: {}", what, e.toString());
            }
        };
        try {
            writer.execute(logged);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the node is stopping and its RTMP listener ends the pushes after this closed: the database is still
            // open (closed last), so the ends of those pushes are written here rather than lost
            logged.run();
        }
    }

    /** Waits until queued writes are done (tests). */
    public void flush() throws Exception {
        writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS); // queued writes land before the database closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
