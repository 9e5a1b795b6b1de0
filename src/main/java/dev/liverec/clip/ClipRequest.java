package dev.liverec.clip;

import dev.liverec.control.RecordFormat;
import dev.liverec.stream.StreamKey;

import java.time.Instant;

/**
 * What to clip: a stream's recordings over a wall-clock range, or one file over a media-time range (offsets from the
 * file's start, in ms). Exactly one of {@code stream} and {@code fileId} is set.
 *
 * @param stream the stream; an empty app matches every app of the domain
 * @param format what the clip is written as: {@link RecordFormat#MP4} (the default) or {@link RecordFormat#HLS}
 */
public record ClipRequest(long accountId, StreamKey stream, Instant start, Instant end, String fileId,
                          long startOffsetMs, long endOffsetMs, RecordFormat format) {
    public ClipRequest {
        if (format != RecordFormat.MP4 && format != RecordFormat.HLS) {
            throw new IllegalArgumentException("a clip is MP4 or HLS, not " + format);
        }
    }

    public static ClipRequest ofStream(long accountId, StreamKey stream, Instant start, Instant end) {
        return new ClipRequest(accountId, stream, start, end, null, 0, 0, RecordFormat.MP4);
    }

    public static ClipRequest ofFile(long accountId, String fileId, long startOffsetMs, long endOffsetMs) {
        return new ClipRequest(accountId, null, null, null, fileId, startOffsetMs, endOffsetMs, RecordFormat.MP4);
    }

    /** The same request written as {@code f}. */
    public ClipRequest as(RecordFormat f) {
        return new ClipRequest(accountId, stream, start, end, fileId, startOffsetMs, endOffsetMs, f);
    }
}
