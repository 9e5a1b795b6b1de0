package dev.liverec.record.session;

import dev.liverec.media.MediaPacket;

import java.time.Clock;
import java.time.Instant;

/**
 * Dates a publisher's timestamps in wall-clock time: the offset is the smallest arrival time minus dts seen (the
 * least delayed packet), learnt anew after a break in the publisher's clock. Confined to the stream's event loop.
 */
final class PublisherClock {
    private static final long UNKNOWN = Long.MAX_VALUE;

    private final Clock clock;
    private long offset = UNKNOWN;
    /** Arrival time minus dts of the packet being handled. */
    private long arrival;

    PublisherClock(Clock clock) {
        this.clock = clock;
    }

    /** {@code p} is being handled now. */
    void arrived(MediaPacket p) {
        arrival = clock.millis() - p.dts();
    }

    /** The packet being handled counts towards the offset. */
    void settle() {
        offset = Math.min(offset, arrival);
    }

    /** The publisher's clock jumped: the packet being handled sets the offset. */
    void jumped() {
        offset = arrival;
    }

    /** Wall-clock time of publisher time {@code inDts} (now while no packet dated the clock). */
    Instant at(long inDts) {
        return Instant.ofEpochMilli(offset == UNKNOWN ? clock.millis() : offset + inDts);
    }

    /** Wall-clock start of a file whose first packet came {@code first} ms after input time {@code baseIn}. */
    Instant startOf(long baseIn, long first) {
        long o = offset == UNKNOWN ? clock.millis() - baseIn : offset;
        return Instant.ofEpochMilli(o + baseIn + first);
    }
}
