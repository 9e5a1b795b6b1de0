package dev.liverec.record.recovery;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recordings in progress (table {@code record_session}): written before a recording's first byte and removed after
 * its last file is committed, so the next start after a crash knows which work directories hold orphaned files and
 * to whom they belong. Each row also names the file being written now and the node's HTTP address, so any node can
 * list it and play it while it grows. Every row carries a lease ({@code lease_until}) its node renews; a row whose
 * lease expired is claimed by one other node ({@link #claim}), which finalizes the recording from the store.
 * Blocking (JDBC).
 */
public final class SessionJournal {
    /** How long a row stays leased without renewal unless told otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    /** One recording in progress. {@code taskId} null for rule recordings. */
    public record Entry(String recordingId, String node, long accountId, String taskId, String ownerId,
                        long templateId, StreamKey stream, RecordFormat format, Path workDir, String fileName,
                        Instant startedAt) {
        /** The same recording with its files in {@code dir} (restored from the store on the node taking it over). */
        public Entry in(Path dir) {
            return new Entry(recordingId, node, accountId, taskId, ownerId, templateId, stream, format, dir, fileName,
                    startedAt);
        }
    }

    private static final String COLUMNS = """
            recording_id, node, account_id, task_id, owner_id, template_id, stream_domain, stream_app,
            stream_name, format, work_dir, file_name, started_at""";

    private final Jdbi jdbi;
    private final Clock clock;
    private final long leaseMillis;
    /** The rows this process inserted and has not removed: its recordings in progress. */
    private final Map<String, Entry> live = new ConcurrentHashMap<>();
    /** This node's HTTP base URL, where other nodes proxy the playback of files being written here; may be null. */
    private volatile String nodeUrl;

    public SessionJournal(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC(), DEFAULT_LEASE);
    }

    public SessionJournal(Jdbi jdbi, Clock clock, Duration lease) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.leaseMillis = lease.toMillis();
    }

    /** Sets the HTTP base URL journaled with each recording (before the engine starts). */
    public void nodeUrl(String url) {
        this.nodeUrl = url;
    }

    public Duration lease() { return Duration.ofMillis(leaseMillis); }

    public void insert(Entry e) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO record_session (" + COLUMNS + ", lease_until, node_url) VALUES ("
                        + ":id, :node, :acct, :task, :owner, :tpl, :dom, :app, :name, :fmt, :dir, :file, :started, :lease, :url)")
                .bind("id", e.recordingId()).bind("node", e.node()).bind("acct", e.accountId())
                .bind("task", e.taskId()).bind("owner", e.ownerId()).bind("tpl", e.templateId())
                .bind("dom", e.stream().domain()).bind("app", e.stream().app()).bind("name", e.stream().name())
                .bind("fmt", e.format().name()).bind("dir", e.workDir().toString()).bind("file", e.fileName())
                .bind("started", e.startedAt().toEpochMilli()).bind("lease", leaseEnd()).bind("url", nodeUrl)
                .execute());
        live.put(e.recordingId(), e);
    }

    /**
     * The recording opened a new file: its future file id, its part name (the stem of its work files) and its
     * wall-clock start, so that it is listed and playable while it is written.
     */
    public void currentFile(String recordingId, String fileId, String partName, Instant start) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE record_session SET file_id = :f, part_name = :p, part_started_at = :s
                        WHERE recording_id = :id""")
                .bind("id", recordingId).bind("f", fileId).bind("p", partName).bind("s", start.toEpochMilli())
                .execute());
    }

    public void delete(String recordingId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM record_session WHERE recording_id = :id")
                .bind("id", recordingId).execute());
        live.remove(recordingId);
    }

    /** The recordings this process journaled and has not finished yet. */
    public Collection<Entry> live() {
        return List.copyOf(live.values());
    }

    public List<Entry> list(String node) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_session WHERE node = :node"
                        + " ORDER BY started_at")
                .bind("node", node)
                .map((rs, ctx) -> entry(rs))
                .list());
    }

    /** Renews the lease of every row of {@code node}; returns how many rows it holds. */
    public int renew(String node) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE record_session SET lease_until = :until WHERE node = :node")
                .bind("until", leaseEnd()).bind("node", node).execute());
    }

    /** Rows of other nodes whose lease ended before {@code before} (epoch ms). */
    public List<Entry> expired(String exceptNode, long before) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_session"
                        + " WHERE lease_until < :before AND node <> :node ORDER BY started_at")
                .bind("before", before).bind("node", exceptNode)
                .map((rs, ctx) -> entry(rs))
                .list());
    }

    /**
     * Takes the row of {@code e} for {@code node} with a fresh lease, atomically: when {@code expiredBefore} is set,
     * only if its lease ended before then (two survivors never both win); else only if it still belongs to
     * {@code e.node()} (a restarting node re-taking its own rows, unless a survivor took them meanwhile).
     */
    public boolean claim(Entry e, String node, Long expiredBefore) {
        String expiry = expiredBefore == null ? "" : " AND lease_until < :before";
        return jdbi.withHandle(h -> {
            var u = h.createUpdate("UPDATE record_session SET node = :to, lease_until = :until"
                            + " WHERE recording_id = :id AND node = :from" + expiry)
                    .bind("to", node).bind("until", leaseEnd()).bind("id", e.recordingId()).bind("from", e.node());
            if (expiredBefore != null) u.bind("before", expiredBefore.longValue());
            return u.execute() == 1;
        });
    }

    private long leaseEnd() {
        return clock.millis() + leaseMillis;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("recording_id"), rs.getString("node"),
                rs.getLong("account_id"), rs.getString("task_id"), rs.getString("owner_id"),
                rs.getLong("template_id"),
                new StreamKey(rs.getString("stream_domain"), rs.getString("stream_app"), rs.getString("stream_name")),
                RecordFormat.valueOf(rs.getString("format")), Path.of(rs.getString("work_dir")),
                rs.getString("file_name"), Instant.ofEpochMilli(rs.getLong("started_at")));
    }
}
