package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A closed, playable recording handed from the recording engine to storage. {@code files} are the local files,
 * all inside the work directory the engine got from {@link RecordingStore#workDir}; for HLS the first is the
 * playlist and the rest its segments. {@code name} is the file name without extension (from VodFileName or the
 * default pattern), already checked to be a safe single path component.
 *
 * @param taskId        the CreateRecordTask id, or null for a rule-driven recording
 * @param splitReason   why the file ended: a {@link SplitReason#wire()} value (interval, codec_change, ...)
 * @param firstFrameUtc wall-clock time of the first frame in the file
 * @param streamParam   the push URL's query string (callback {@code stream_param}, sent for rule recordings only);
 *                      may be null
 * @param partName      the stem of the file's work files while it was written, or null (recovery): when set, the
 *                      file id derives from it, so the id listed and played while recording stays the file's id
 */
public record FinishedRecording(String recordingId, long accountId, long appId, String taskId, StreamKey stream,
                                RecordFormat format, String name, List<Path> files, Instant sessionStart,
                                Instant fileStart, Instant fileEnd, long durationMillis, long sizeBytes,
                                String videoCodec, String audioCodec, int width, int height, long storageTimeSeconds,
                                String splitReason, Instant firstFrameUtc, boolean recovered,
                                String streamParam, String partName) {

    /** Without the part name (the file id then derives from {@code name}). */
    public FinishedRecording(String recordingId, long accountId, long appId, String taskId, StreamKey stream,
                             RecordFormat format, String name, List<Path> files, Instant sessionStart,
                             Instant fileStart, Instant fileEnd, long durationMillis, long sizeBytes,
                             String videoCodec, String audioCodec, int width, int height, long storageTimeSeconds,
                             String splitReason, Instant firstFrameUtc, boolean recovered, String streamParam) {
        this(recordingId, accountId, appId, taskId, stream, format, name, files, sessionStart, fileStart, fileEnd,
                durationMillis, sizeBytes, videoCodec, audioCodec, width, height, storageTimeSeconds, splitReason,
                firstFrameUtc, recovered, streamParam, null);
    }

    /** Without the push query string (kept so callers written against the first contract still compile). */
    public FinishedRecording(String recordingId, long accountId, long appId, String taskId, StreamKey stream,
                             RecordFormat format, String name, List<Path> files, Instant sessionStart,
                             Instant fileStart, Instant fileEnd, long durationMillis, long sizeBytes,
                             String videoCodec, String audioCodec, int width, int height, long storageTimeSeconds,
                             String splitReason, Instant firstFrameUtc, boolean recovered) {
        this(recordingId, accountId, appId, taskId, stream, format, name, files, sessionStart, fileStart, fileEnd,
                durationMillis, sizeBytes, videoCodec, audioCodec, width, height, storageTimeSeconds, splitReason,
                firstFrameUtc, recovered, null, null);
    }

    /** The id of the file: stable from its first byte when the part name is known. */
    public String fileId() {
        return ObjectKeyLayout.fileId(recordingId, partName != null ? partName : name);
    }
}
