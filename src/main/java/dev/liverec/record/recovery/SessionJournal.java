package dev.liverec.record.recovery;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Recordings in progress on this node (table {@code record_session}): written before a recording's first byte and
 * removed after its last file is committed, so the next start after a crash knows which work directories hold
 * orphaned files and to whom they belong. Each row also names the file being written now and the node's HTTP
 * address, so any node can list it and play it while it grows. Blocking (JDBC).
 */
public final class SessionJournal {
    /** One recording in progress. {@code taskId} null for rule recordings. */
    public record Entry(String recordingId, String node, long accountId, String taskId, String ownerId,
                        long templateId, StreamKey stream, RecordFormat format, Path workDir, String fileName,
                        Instant startedAt) {}

    private final Jdbi jdbi;
    /** This node's HTTP base URL, where other nodes proxy the playback of files being written here; may be null. */
    private volatile String nodeUrl;

    public SessionJournal(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Sets the HTTP base URL journaled with each recording (before the engine starts). */
    public void nodeUrl(String url) {
        this.nodeUrl = url;
    }

    public void insert(Entry e) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO record_session (recording_id, node, account_id, task_id, owner_id, template_id,
                          stream_domain, stream_app, stream_name, format, work_dir, file_name, started_at, node_url)
                        VALUES (:id, :node, :acct, :task, :owner, :tpl, :dom, :app, :name, :fmt, :dir, :file, :started,
                          :url)""")
                .bind("id", e.recordingId()).bind("node", e.node()).bind("acct", e.accountId())
                .bind("task", e.taskId()).bind("owner", e.ownerId()).bind("tpl", e.templateId())
                .bind("dom", e.stream().domain()).bind("app", e.stream().app()).bind("name", e.stream().name())
                .bind("fmt", e.format().name()).bind("dir", e.workDir().toString()).bind("file", e.fileName())
                .bind("started", e.startedAt().toEpochMilli()).bind("url", nodeUrl)
                .execute());
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
    }

    public List<Entry> list(String node) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT recording_id, node, account_id, task_id, owner_id, template_id, stream_domain, stream_app,
                               stream_name, format, work_dir, file_name, started_at
                        FROM record_session WHERE node = :node ORDER BY started_at""")
                .bind("node", node)
                .map((rs, ctx) -> new Entry(rs.getString("recording_id"), rs.getString("node"),
                        rs.getLong("account_id"), rs.getString("task_id"), rs.getString("owner_id"),
                        rs.getLong("template_id"),
                        new StreamKey(rs.getString("stream_domain"), rs.getString("stream_app"), rs.getString("stream_name")),
                        RecordFormat.valueOf(rs.getString("format")), Path.of(rs.getString("work_dir")),
                        rs.getString("file_name"), Instant.ofEpochMilli(rs.getLong("started_at"))))
                .list());
    }
}
