package dev.liverec.media;

import java.io.IOException;

/**
 * A container writer for one output file: packets in, bytes to a {@link ByteSink}. Not thread-safe; confined to
 * the recording session's event loop. {@link #write} does not keep the packet (nor release it).
 */
public interface MediaWriter {
    /** Sequence headers and frames in decode order. Frames a decoder could not use yet are dropped. */
    default void write(MediaPacket packet) throws IOException {
        write(packet, packet.dts(), packet.pts());
    }

    /**
     * Same, with the packet's timestamps replaced by {@code dts}/{@code pts} (ms, e.g. from
     * {@link TimestampRebaser#rebaseDts}), so a recording can rebase without allocating a packet per frame.
     */
    void write(MediaPacket packet, long dts, long pts) throws IOException;

    /** Writes trailers / patches headers. The sink stays open (the caller owns it). */
    void close() throws IOException;

    /** Media duration written so far, in ms. */
    long durationMs();
}
