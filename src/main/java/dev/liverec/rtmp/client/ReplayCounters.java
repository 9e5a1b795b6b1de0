package dev.liverec.rtmp.client;

import java.util.concurrent.atomic.LongAdder;

/** Bytes the replays of one generator handed to Netty ({@code queued}) and the socket took ({@code written}). */
public final class ReplayCounters {
    private final LongAdder queued = new LongAdder();
    private final LongAdder written = new LongAdder();

    void queued(long bytes) { queued.add(bytes); }
    void written(long bytes) { written.add(bytes); }

    public long queued() { return queued.sum(); }

    /** What the generator delivered: bytes the kernel accepted, so a server that stops reading shows here. */
    public long written() { return written.sum(); }
}
