package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code record_files} table. */
public final class RecordFileIndex {
    private final Jdbi jdbi;

    public RecordFileIndex(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() { return jdbi; }

    /** Inserts a row inside the caller's transaction. */
    public void insert(Handle h, RecordFile f) {
        h.createUpdate("""
                INSERT INTO record_files (file_id, recording_id, name, account_id, app_id, task_id, domain, app_name,
                  stream_name, format, session_start_ms, start_ms, end_ms, duration_ms, size_bytes, video_codec,
                  audio_codec, width, height, store, key_prefix, entries, status, node, recovered, split_reason,
                  first_frame_ms, sha256, created_ms, expires_ms)
                VALUES (:fileId, :recordingId, :name, :accountId, :appId, :taskId, :domain, :app, :stream, :format,
                  :sessionStart, :start, :end, :duration, :size, :videoCodec, :audioCodec, :width, :height, :store,
                  :keyPrefix, :entries, :status, :node, :recovered, :splitReason, :firstFrame, :sha256, :created,
                  :expires)""")
                .bind("fileId", f.fileId()).bind("recordingId", f.recordingId()).bind("name", f.name())
                .bind("accountId", f.accountId()).bind("appId", f.appId()).bind("taskId", f.taskId())
                .bind("domain", f.stream().domain()).bind("app", f.stream().app()).bind("stream", f.stream().name())
                .bind("format", f.format().name()).bind("sessionStart", f.sessionStart().toEpochMilli())
                .bind("start", f.start().toEpochMilli()).bind("end", f.end().toEpochMilli())
                .bind("duration", f.durationMillis()).bind("size", f.sizeBytes())
                .bind("videoCodec", f.videoCodec()).bind("audioCodec", f.audioCodec())
                .bind("width", f.width()).bind("height", f.height()).bind("store", f.store())
                .bind("keyPrefix", f.keyPrefix()).bind("entries", String.join("\n", f.entries()))
                .bind("status", f.status()).bind("node", f.node()).bind("recovered", f.recovered())
                .bind("splitReason", f.splitReason())
                .bind("firstFrame", f.firstFrame() == null ? null : f.firstFrame().toEpochMilli())
                .bind("sha256", f.sha256()).bind("created", f.createdAt().toEpochMilli())
                .bind("expires", f.expiresAt() == null ? null : f.expiresAt().toEpochMilli())
                .execute();
    }

    /** Records inside the caller's transaction where this node serves the spooled file to the others. */
    public void spooledAt(Handle h, String fileId, String baseUrl) {
        h.createUpdate("UPDATE record_files SET spool_url = :u WHERE file_id = :f").bind("u", baseUrl)
                .bind("f", fileId).execute();
    }

    /** The base URL of the node holding a spooled file, when it recorded one. */
    public Optional<String> spoolUrl(String fileId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT spool_url FROM record_files WHERE file_id = :f")
                .bind("f", fileId).mapTo(String.class).findFirst());
    }

    public Optional<RecordFile> byRecording(Handle h, String recordingId, String name) {
        return h.createQuery("SELECT * FROM record_files WHERE recording_id = :r AND name = :n")
                .bind("r", recordingId).bind("n", name).map((rs, c) -> read(rs)).findFirst();
    }

    public Optional<RecordFile> byId(String fileId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM record_files WHERE file_id = :f")
                .bind("f", fileId).map((rs, c) -> read(rs)).findFirst());
    }

    /** Spooled files of {@code node} whose next upload attempt is due. */
    public List<RecordFile> dueUploads(String node, long nowMillis, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM record_files WHERE status = 'spooled' AND node = :node
                          AND (next_upload_ms IS NULL OR next_upload_ms <= :now)
                        ORDER BY created_ms LIMIT :limit""")
                .bind("node", node).bind("now", nowMillis).bind("limit", limit).map((rs, c) -> read(rs)).list());
    }

    public long countSpooled(String node) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM record_files WHERE status = 'spooled' AND node = :n")
                .bind("n", node).mapTo(Long.class).one());
    }

    public void markStored(String fileId, String store) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE record_files SET status = 'stored', store = :store, next_upload_ms = NULL,
                          last_error = NULL WHERE file_id = :f""")
                .bind("f", fileId).bind("store", store).execute());
    }

    public void markUploadFailed(String fileId, long nextMillis, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE record_files SET upload_attempts = upload_attempts + 1, next_upload_ms = :next,
                          last_error = :err WHERE file_id = :f""")
                .bind("f", fileId).bind("next", nextMillis)
                .bind("err", error == null ? null : error.substring(0, Math.min(1000, error.length()))).execute());
    }

    public int uploadAttempts(String fileId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT upload_attempts FROM record_files WHERE file_id = :f")
                .bind("f", fileId).mapTo(Integer.class).findFirst().orElse(0));
    }

    public List<RecordFile> expired(long nowMillis, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM record_files WHERE expires_ms IS NOT NULL AND expires_ms <= :now
                        ORDER BY expires_ms LIMIT :limit""")
                .bind("now", nowMillis).bind("limit", limit).map((rs, c) -> read(rs)).list());
    }

    public void delete(String fileId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM record_files WHERE file_id = :f").bind("f", fileId).execute());
    }

    /** Listing filter for DescribeRecordFiles; null fields do not filter. Times filter files overlapping [from, to). */
    public record Filter(long accountId, String taskId, String domain, String app, String stream, Instant from,
                         Instant to) {}

    public record Page(List<RecordFile> files, long total) {}

    public Page list(Filter f, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE account_id = :account");
        if (f.taskId() != null) where.append(" AND task_id = :task");
        if (f.domain() != null) where.append(" AND domain = :domain");
        if (f.app() != null) where.append(" AND app_name = :app");
        if (f.stream() != null) where.append(" AND stream_name = :stream");
        if (f.from() != null) where.append(" AND end_ms > :from");
        if (f.to() != null) where.append(" AND start_ms < :to");
        return jdbi.withHandle(h -> {
            Query count = bindFilter(h.createQuery("SELECT COUNT(*) FROM record_files" + where), f);
            long total = count.mapTo(Long.class).one();
            Query q = bindFilter(h.createQuery("SELECT * FROM record_files" + where
                    + " ORDER BY start_ms, file_id LIMIT :limit OFFSET :offset"), f)
                    .bind("limit", limit).bind("offset", offset);
            return new Page(q.map((rs, c) -> read(rs)).list(), total);
        });
    }

    private static Query bindFilter(Query q, Filter f) {
        q.bind("account", f.accountId());
        if (f.taskId() != null) q.bind("task", f.taskId());
        if (f.domain() != null) q.bind("domain", f.domain());
        if (f.app() != null) q.bind("app", f.app());
        if (f.stream() != null) q.bind("stream", f.stream());
        if (f.from() != null) q.bind("from", f.from().toEpochMilli());
        if (f.to() != null) q.bind("to", f.to().toEpochMilli());
        return q;
    }

    static RecordFile read(ResultSet rs) throws SQLException {
        long firstFrame = rs.getLong("first_frame_ms");
        boolean noFirstFrame = rs.wasNull();
        long expires = rs.getLong("expires_ms");
        boolean noExpiry = rs.wasNull();
        return new RecordFile(rs.getString("file_id"), rs.getString("recording_id"), rs.getString("name"),
                rs.getLong("account_id"), rs.getLong("app_id"), rs.getString("task_id"),
                new StreamKey(rs.getString("domain"), rs.getString("app_name"), rs.getString("stream_name")),
                RecordFormat.valueOf(rs.getString("format")), Instant.ofEpochMilli(rs.getLong("session_start_ms")),
                Instant.ofEpochMilli(rs.getLong("start_ms")), Instant.ofEpochMilli(rs.getLong("end_ms")),
                rs.getLong("duration_ms"), rs.getLong("size_bytes"), rs.getString("video_codec"),
                rs.getString("audio_codec"), rs.getInt("width"), rs.getInt("height"), rs.getString("store"),
                rs.getString("key_prefix"), new ArrayList<>(Arrays.asList(rs.getString("entries").split("\n"))),
                rs.getString("status"), rs.getString("node"), rs.getBoolean("recovered"),
                rs.getString("split_reason"), noFirstFrame ? null : Instant.ofEpochMilli(firstFrame),
                rs.getString("sha256"), Instant.ofEpochMilli(rs.getLong("created_ms")),
                noExpiry ? null : Instant.ofEpochMilli(expires));
    }
}
