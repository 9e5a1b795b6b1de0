package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;

import java.time.Instant;
import java.util.List;

/**
 * One indexed, playable file: a row of {@code record_files}. Its objects are {@code keyPrefix + entry} for each
 * entry; the first entry is the file itself (for HLS the playlist, followed by its segments).
 *
 * @param status  spooled (committed, waiting in this node's spool for its upload), stored
 * @param store   kind of the {@link FileStore} holding (or about to hold) the objects
 */
public record RecordFile(String fileId, String recordingId, String name, long accountId, long appId, String taskId,
                         StreamKey stream, RecordFormat format, Instant sessionStart, Instant start, Instant end,
                         long durationMillis, long sizeBytes, String videoCodec, String audioCodec, int width,
                         int height, String store, String keyPrefix, List<String> entries, String status, String node,
                         boolean recovered, String splitReason, Instant firstFrame, String sha256, Instant createdAt,
                         Instant expiresAt) {
    public static final String SPOOLED = "spooled";
    public static final String STORED = "stored";

    public String mainEntry() { return entries.get(0); }

    public String key(String entry) { return keyPrefix + entry; }
}
