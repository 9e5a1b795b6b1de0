package dev.liverec.rtmp.server;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the RTMP listener (exported as metrics; tests read them). */
public final class RtmpCounters {
    public final AtomicLong connections = new AtomicLong();
    /** Closed on accept: connection limits or the file descriptor reserve. */
    public final AtomicLong refusedConnections = new AtomicLong();
    public final AtomicLong plainHandshakes = new AtomicLong();
    public final AtomicLong digestHandshakes = new AtomicLong();
    public final AtomicLong protocolErrors = new AtomicLong();
    public final AtomicLong refusedPublishes = new AtomicLong();
    public final AtomicLong publishes = new AtomicLong();
}
