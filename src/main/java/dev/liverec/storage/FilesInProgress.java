package dev.liverec.storage;

import dev.liverec.control.RecordFormat;
import dev.liverec.stream.StreamKey;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The files being written now, on any node: the current file of each recording in the recording engine's journal
 * ({@code record_session}), until its row in {@code record_files} exists (from then on it is a finished file under
 * the same id). Blocking (JDBC).
 */
public final class FilesInProgress {
    /**
     * One file being written on {@code node} (reachable at {@code nodeUrl}, null when unknown) under
     * {@code workDir}/{@code partName}.*; {@code fileId} is the id it will be committed under.
     */
    public record FileInProgress(String fileId, String recordingId, String node, String nodeUrl, long accountId,
                                 String taskId, StreamKey stream, RecordFormat format, String partName, Path workDir,
                                 Instant start) {
        /** The entry a player opens: the live playlist (HLS) or the growing file. */
        public String mainEntry() { return partName + "." + format.extension(); }

        public Path path(String entry) { return workDir.resolve(entry); }

        /** Bytes written so far, when the work directory is on this machine (else 0). */
        public long bytesOnDisk() {
            String stem = partName.replace(PART_MARK, "");
            long n = 0;
            try (var s = Files.newDirectoryStream(workDir, e -> e.getFileName().toString().startsWith(stem))) {
                for (Path p : s) n += Files.size(p);
            } catch (IOException e) {
                return n; // elsewhere, or finished meanwhile
            }
            return n;
        }
    }

    /** What marks a work file's name until it is finished (record.output.OutputFormat.PART_MARK). */
    public static final String PART_MARK = ".part";

    private static final String SELECT = "SELECT s.* FROM record_session s WHERE s.file_id IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM record_files f WHERE f.file_id = s.file_id)";

    private final Jdbi jdbi;

    public FilesInProgress(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The account's files in progress that {@code f} selects (those started before {@code f.to()}), oldest first. */
    public List<FileInProgress> list(RecordFileIndex.Filter f) {
        StringBuilder where = new StringBuilder(" AND s.account_id = :account");
        if (f.taskId() != null) where.append(" AND s.task_id = :task");
        if (f.domain() != null) where.append(" AND s.stream_domain = :domain");
        if (f.app() != null) where.append(" AND s.stream_app = :app");
        if (f.stream() != null) where.append(" AND s.stream_name = :stream");
        if (f.to() != null) where.append(" AND s.part_started_at < :to");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(SELECT + where + " ORDER BY s.part_started_at, s.file_id")
                    .bind("account", f.accountId());
            if (f.taskId() != null) q.bind("task", f.taskId());
            if (f.domain() != null) q.bind("domain", f.domain());
            if (f.app() != null) q.bind("app", f.app());
            if (f.stream() != null) q.bind("stream", f.stream());
            if (f.to() != null) q.bind("to", f.to().toEpochMilli());
            return q.map((rs, c) -> read(rs)).list();
        });
    }

    public Optional<FileInProgress> byId(String fileId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " AND s.file_id = :id").bind("id", fileId)
                .map((rs, c) -> read(rs)).findFirst());
    }

    private static FileInProgress read(ResultSet rs) throws SQLException {
        return new FileInProgress(rs.getString("file_id"), rs.getString("recording_id"), rs.getString("node"),
                rs.getString("node_url"), rs.getLong("account_id"), rs.getString("task_id"),
                new StreamKey(rs.getString("stream_domain"), rs.getString("stream_app"), rs.getString("stream_name")),
                RecordFormat.valueOf(rs.getString("format")), rs.getString("part_name"),
                Path.of(rs.getString("work_dir")), Instant.ofEpochMilli(rs.getLong("part_started_at")));
    }
}
