package dev.liverec.storage;

import java.util.Locale;

/**
 * Why a recorded file ended: the {@code SplitReason} of DescribeRecordFiles and the {@code split_reason} of the
 * record callback ({@link FinishedRecording#splitReason()} carries {@link #wire()}). docs/api-compatibility.md lists
 * every value ("Split reasons"); {@code SplitReasonDocsTest} keeps the two equal.
 */
public enum SplitReason {
    /** RecordInterval reached: cut at the next keyframe. */
    INTERVAL,
    /** The stream's codec configuration changed (a file holds one per track). */
    CODEC_CHANGE,
    /** A timestamp jump the format cannot hold (FLV, MP4, AAC, MP3; HLS marks a discontinuity instead). */
    TIMESTAMP_JUMP,
    /** The publisher stopped. */
    STREAM_END,
    /** StopRecordTask. */
    TASK_STOP,
    /** The task's EndTime passed. */
    TASK_END,
    /** The server was stopped (SIGTERM / SIGINT). */
    SHUTDOWN,
    /** The disk filled up; the file is committed as far as it was written. */
    DISK_FULL,
    /** An I/O error ended the recording. */
    ERROR,
    /** Finalized at the next start after a crash. */
    RECOVERED,
    /** A clip made by CreateRecordClip: it ends where the requested range ends. */
    CLIP;

    /** The name on the wire: {@code codec_change}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
