package dev.liverec.stream;

import dev.liverec.memory.DirectBlockPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How the node degrades near its memory budget, in a fixed order (docs/memory.md): at {@code dropAt} of a limit in
 * use the GOP caches of streams without readers (no task records them) are dropped and stay empty; at
 * {@code refuseAt} new publishers are refused with {@code NetStream.Publish.Rejected} and the GOP caches of recorded
 * streams are dropped as well (a recording reads live packets; only a task or player joining then waits for the next
 * keyframe). Streams already publishing and their recordings are never cut. Checked every {@code checkMillis} and
 * before each publish; the caches fill again once the use fell 10 points below {@code dropAt}. Refusal holds for
 * {@code refuseForMillis} after the use was last at {@code refuseAt}, and then until it fell 10 points below: the
 * caches dropped at that step free memory at once, and admitting publishers the moment they did would swing the node
 * in and out of refusal (and its readiness with it) while the streams it let in refill their caches.
 */
public final class MemoryPressure implements StreamHub.PublishAdmission, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPressure.class);

    /** The degradation steps, in order. */
    public enum Level { NORMAL, GOP_CACHES_DROPPED, REFUSING_PUBLISHERS }

    private final StreamHub hub;
    private final DoubleSupplier ratio;
    private final Supplier<String> usage;
    private final double dropAt;
    private final double refuseAt;
    private final long refuseForMillis;
    private final LongSupplier millis;
    private long refusingUntil = Long.MIN_VALUE;
    private final Set<LiveStream> dropped = Collections.newSetFromMap(new WeakHashMap<>());
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong refusedTotal = new AtomicLong();
    private ScheduledExecutorService timer;
    private volatile Level level = Level.NORMAL;
    private volatile double lastRatio;

    /**
     * @param ratio the larger share of the heap or direct limit in use, 0..1
     * @param usage the same in words, for the log, the refusal and readiness
     */
    public MemoryPressure(StreamHub hub, DoubleSupplier ratio, Supplier<String> usage, double dropAt, double refuseAt,
                          long refuseForMillis, LongSupplier millis) {
        this.hub = hub;
        this.ratio = ratio;
        this.usage = usage;
        this.dropAt = dropAt;
        this.refuseAt = refuseAt;
        this.refuseForMillis = refuseForMillis;
        this.millis = millis;
    }

    /** Checks every {@code checkMillis} on a thread of its own and becomes the hub's publish admission. */
    public MemoryPressure start(long checkMillis) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liverec-memory");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkSafely, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        hub.setAdmission(this);
        return this;
    }

    @Override
    public void admit(StreamKey key) throws PublishRefusedException {
        if (check() == Level.REFUSING_PUBLISHERS) {
            refusedTotal.incrementAndGet();
            throw new PublishRefusedException("NetStream.Publish.Rejected",
                    "the server is out of memory for new streams (" + usage.get() + "); try another node or later");
        }
    }

    /** Measures and applies the level; returns it. */
    public synchronized Level check() {
        double r = ratio.getAsDouble();
        lastRatio = r;
        long now = millis.getAsLong();
        if (r >= refuseAt) refusingUntil = now + refuseForMillis;
        boolean refusing = r >= refuseAt || now < refusingUntil || level == Level.REFUSING_PUBLISHERS && r >= refuseAt - 0.10;
        Level next = refusing ? Level.REFUSING_PUBLISHERS : r >= dropAt ? Level.GOP_CACHES_DROPPED
                : r >= dropAt - 0.10 && !dropped.isEmpty() ? Level.GOP_CACHES_DROPPED : Level.NORMAL;
        if (next != Level.NORMAL) dropCaches(next == Level.REFUSING_PUBLISHERS);
        else keepCaches();
        if (next != level) {
            if (next.ordinal() > level.ordinal()) LOG.warn("memory: {} ({}): {}", next, usage.get(), explain(next));
            else LOG.info("memory: back to {} ({})", next, usage.get());
            level = next;
        }
        return next;
    }

    /** The GOP caches of streams without tasks; with {@code recordedToo} those of recorded streams as well. */
    private void dropCaches(boolean recordedToo) {
        DirectBlockPool.releaseAllIdle();
        int n = 0;
        for (LiveStream s : hub.online()) {
            if ((recordedToo || !s.hasMediaReaders()) && dropped.add(s)) {
                s.dropGopCache();
                n++;
            }
        }
        if (n > 0) {
            droppedTotal.addAndGet(n);
            LOG.warn("memory: dropped the GOP caches of {} streams {}({})", n, recordedToo ? "" : "without tasks ", usage.get());
        }
    }

    private void keepCaches() {
        for (LiveStream s : dropped) s.keepGopCache();
        dropped.clear();
    }

    private static String explain(Level l) {
        return l == Level.REFUSING_PUBLISHERS ? "new publishers are refused and the GOP caches of recorded streams dropped too"
                + " (their recordings go on from live packets); streams publishing go on"
                : "GOP caches of streams without tasks are dropped (a task created on them starts at the next keyframe)";
    }

    private void checkSafely() {
        try {
            check();
            DirectBlockPool.trimAll();
        } catch (RuntimeException e) {
            LOG.error("memory check failed", e);
        }
    }

    public Level level() { return level; }

    /** The share of a limit in use at the last check. */
    public double ratio() { return lastRatio; }

    public long gopCachesDropped() { return droppedTotal.get(); }

    public long publishersRefused() { return refusedTotal.get(); }

    /** For readiness: "ok" or what the node does about its memory. */
    public String status() {
        Level l = level;
        return l == Level.NORMAL ? "ok" : l + ": " + usage.get();
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
        hub.setAdmission(key -> {});
    }
}
