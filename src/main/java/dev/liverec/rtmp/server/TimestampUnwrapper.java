package dev.liverec.rtmp.server;

/**
 * Extends 32-bit RTMP timestamps (ms, wrapping every ~49.7 days) to 64 bits: a jump backwards by more than half
 * the range is a wrap forwards, a jump forwards by more than half the range is a late packet from before a wrap.
 */
final class TimestampUnwrapper {
    private static final long RANGE = 1L << 32;
    private static final long HALF = 1L << 31;
    private long last = -1;
    private long base;

    long unwrap(long ts32) {
        if (last >= 0) {
            long diff = ts32 - last;
            if (diff < -HALF) base += RANGE;
            else if (diff > HALF && base >= RANGE) base -= RANGE;
        }
        last = ts32;
        return base + ts32;
    }
}
