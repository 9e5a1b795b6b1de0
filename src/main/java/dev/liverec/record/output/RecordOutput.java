package dev.liverec.record.output;

import dev.liverec.media.MediaPacket;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One format's output for one file of a recording (for HLS: one playlist and its segments), driven by a
 * {@link RecordSession}. {@link #write} and {@link #discontinuity} run on the stream's event loop and do only
 * buffered writes; {@link #finish} runs on the blocking executor.
 */
public interface RecordOutput {
    /** One packet; {@code dts}/{@code pts} are rebased milliseconds, monotonic per track. */
    void write(MediaPacket packet, long dts, long pts) throws IOException;

    /** The next data follows a break (re-push, timestamp jump): HLS marks EXT-X-DISCONTINUITY; new headers may apply. */
    default void discontinuity(Tracks tracks) throws IOException {
        throw new UnsupportedOperationException("no discontinuity in this format");
    }

    /** Bytes handed to the file(s) so far. */
    long bytesWritten();

    /** Pushes buffered bytes to the OS (before parking or finishing). */
    void flush() throws IOException;

    /**
     * Completes the file(s) (FLV metadata, MP4 moov-first, HLS ENDLIST), forces them to disk and names them
     * {@code stem + "." + extension}. Blocking.
     *
     * @return the files, the main one (playlist for HLS) first
     */
    List<Path> finish(String stem) throws IOException;

    /** Gives up after an error: closes what is open, leaves the files for recovery. Never throws, never waits. */
    void abort();
}
