package dev.liverec.rtmp.chunk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One bound for the bytes all RTMP connections of a node hold in partial messages and connection buffers, checked
 * before anything is allocated (issue 10, D1: 70 peers each holding 15 MiB of never-finished messages, each under its
 * own cap, exhausted direct memory).
 *
 * <p>When a reservation does not fit, peers are shed, oldest-idle first: a peer's idle time runs from the last
 * message it completed (or from its connection when it completed none), so a publisher sending frames is always
 * younger than a peer that only announces big messages. Only peers idle for at least {@code minIdleNanos} are shed
 * on behalf of others; when they do not free enough, the requesting peer itself is refused. A shed peer's bytes
 * leave the budget at once; its channel is closed by the callback it registered and its buffers are freed when its
 * pipeline is torn down, moments later.
 */
public final class IngestMemoryBudget {
    private final long limit;
    private final long minIdleNanos;
    private final LongSupplier nanoClock;
    private final Set<Holder> holders = new LinkedHashSet<>();
    private long used;
    private long shedTotal;
    private volatile long lastShedNanos = Long.MIN_VALUE;

    public IngestMemoryBudget(long limitBytes, long minIdleMillis, LongSupplier nanoClock) {
        if (limitBytes <= 0) throw new IllegalArgumentException("budget must be positive: " + limitBytes);
        this.limit = limitBytes;
        this.minIdleNanos = TimeUnit.MILLISECONDS.toNanos(minIdleMillis);
        this.nanoClock = nanoClock;
    }

    /** The default budget when none is configured: a quarter of the direct memory the JVM may use. */
    public static long defaultLimit(long maxDirectMemory) {
        return Math.max(16L * 1024 * 1024, maxDirectMemory / 4);
    }

    /** Registers a connection; {@code onShed} closes it (called at most once, from any thread). */
    public synchronized Holder open(Runnable onShed) {
        Holder h = new Holder(onShed, nanoClock.getAsLong());
        holders.add(h);
        return h;
    }

    public long limit() { return limit; }

    public synchronized long used() { return used; }

    /** Peers closed (or refused) to keep the budget. */
    public synchronized long shedTotal() { return shedTotal; }

    /** True when a peer was shed within the last {@code windowMillis} (readiness reports it). */
    public boolean shedWithin(long windowMillis) {
        long last = lastShedNanos;
        return last != Long.MIN_VALUE && nanoClock.getAsLong() - last <= TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    private boolean reserve(Holder requester, long n) {
        List<Holder> shed = new ArrayList<>();
        boolean granted;
        synchronized (this) {
            granted = reserveOrShed(requester, n, shed);
        }
        for (Holder h : shed) h.onShed.run(); // outside the lock: closing may run the victim's handlers inline
        return granted;
    }

    private boolean reserveOrShed(Holder requester, long n, List<Holder> shed) {
        if (requester.shed) return false;
        if (used + n <= limit) {
            requester.held += n;
            used += n;
            return true;
        }
        long now = nanoClock.getAsLong();
        List<Holder> idle = new ArrayList<>();
        for (Holder h : holders) {
            if (h != requester && h.held > 0 && now - h.lastProgressNanos >= minIdleNanos) idle.add(h);
        }
        idle.sort(Comparator.comparingLong(h -> h.lastProgressNanos));
        List<Holder> victims = new ArrayList<>();
        long freed = 0;
        for (Holder h : idle) {
            if (used - freed + n <= limit) break;
            victims.add(h);
            freed += h.held;
        }
        if (used - freed + n > limit) {
            shed(requester); // even shedding every idle peer would not make room: refuse the requester
            shed.add(requester);
            return false;
        }
        victims.forEach(this::shed);
        shed.addAll(victims);
        requester.held += n;
        used += n;
        return true;
    }

    private void shed(Holder h) {
        h.shed = true;
        used -= h.held;
        h.held = 0;
        holders.remove(h);
        shedTotal++;
        lastShedNanos = nanoClock.getAsLong();
    }

    private synchronized void release(Holder h, long n) {
        if (h.shed) return; // its bytes already left the budget when it was shed
        long r = Math.min(n, h.held);
        h.held -= r;
        used -= r;
    }

    private synchronized void close(Holder h) {
        if (!h.shed) used -= h.held;
        h.held = 0;
        holders.remove(h);
    }

    /** One connection's share of the budget. */
    public final class Holder {
        private final Runnable onShed;
        private long held;
        private volatile long lastProgressNanos;
        private boolean shed;

        private Holder(Runnable onShed, long now) {
            this.onShed = onShed;
            this.lastProgressNanos = now;
        }

        /** Takes {@code n} bytes from the budget before they are allocated; false = refused, close the peer. */
        public boolean reserve(long n) { return IngestMemoryBudget.this.reserve(this, n); }

        public void release(long n) { IngestMemoryBudget.this.release(this, n); }

        /** The peer completed a message: it is not idle. */
        public void progressed() { lastProgressNanos = nanoClock.getAsLong(); }

        /** The connection is gone: everything it held returns to the budget. */
        public void close() { IngestMemoryBudget.this.close(this); }
    }
}
