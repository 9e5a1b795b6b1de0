package dev.liverec.media;

import java.io.IOException;

/**
 * A container writer for one output file: packets in, bytes to a {@link ByteSink}. Not thread-safe; confined to
 * the recording session's event loop. {@link #write} does not keep the packet (nor release it).
 */
public interface MediaWriter {
    /** Sequence headers and frames in decode order. Frames a decoder could not use yet are dropped. */
    void write(MediaPacket packet) throws IOException;

    /**
     * Same, with the packet's timestamps replaced by {@code dts}/{@code pts} (ms, rebased by the recording onto
     * its own timeline), so a recording can rebase without allocating a packet per frame.
     * Every writer of this package implements it; the default only accepts unchanged timestamps.
     */
    default void write(MediaPacket packet, long dts, long pts) throws IOException {
        if (dts != packet.dts() || pts != packet.pts()) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot take rebased timestamps");
        }
        write(packet);
    }

    /** Writes trailers / patches headers. The sink stays open (the caller owns it). */
    void close() throws IOException;

    /**
     * Gives up without writing anything more (the file is left for recovery, e.g. after ENOSPC): releases what the
     * writer holds. No-op after {@link #close}. The default suits writers that hold nothing between packets.
     */
    default void abandon() {
    }

    /** Media duration written so far, in ms. */
    long durationMs();
}
