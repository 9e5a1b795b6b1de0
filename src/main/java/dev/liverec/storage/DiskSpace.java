package dev.liverec.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether the disk recordings are written to has room. Full when the usable space is below {@code minFreeBytes}
 * (polled, {@link java.nio.file.FileStore#getUsableSpace}) or once a write failed with ENOSPC ({@link #noSpace});
 * room again only when the free space is back above {@code minFreeBytes} plus a margin and the disk stayed full for
 * its hold time, which doubles (1 s up to 60 s) each time the disk fills again within a minute: a recording that
 * fills the freed space at once does not start and stop in a loop. Listeners hear each change once; one log line
 * per change.
 */
public final class DiskSpace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);
    private static final String ENOSPC = "No space left on device";
    static final long MIN_HOLD_MILLIS = 1000;
    static final long MAX_HOLD_MILLIS = 60_000;

    /** Told on the thread that noticed the change; must not block. */
    public interface Listener {
        void full(String problem);

        void room();
    }

    private final String where;
    private final LongSupplier usable;
    private final long minFreeBytes;
    private final long resumeBytes;
    private final Duration period;
    private final LongSupplier nanoTime;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile String problem;
    private long fullSinceNanos;
    private long roomSinceNanos = Long.MIN_VALUE;
    private long holdMillis = MIN_HOLD_MILLIS;
    private ScheduledExecutorService poller;

    /** @param usable free bytes now; {@code nanoTime} the clock of the hold time (tests) */
    public DiskSpace(String where, LongSupplier usable, long minFreeBytes, Duration period, LongSupplier nanoTime) {
        this.where = where;
        this.usable = usable;
        this.minFreeBytes = Math.max(0, minFreeBytes);
        this.resumeBytes = this.minFreeBytes + Math.max(this.minFreeBytes / 4, 1L << 20);
        this.period = period;
        this.nanoTime = nanoTime;
    }

    /** Watches the file system holding {@code dir} every {@code period}. */
    public static DiskSpace of(Path dir, long minFreeBytes, Duration period) {
        return new DiskSpace(dir.toString(), () -> {
            try {
                return Files.getFileStore(dir).getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, minFreeBytes, period, System::nanoTime);
    }

    /** Never full unless a write reports ENOSPC (tests, tools). */
    public static DiskSpace unwatched() {
        return new DiskSpace("(unwatched)", () -> Long.MAX_VALUE, 0, Duration.ofSeconds(1), System::nanoTime);
    }

    /** Whether {@code e} (or a cause) is the operating system's "No space left on device". */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(ENOSPC)) return true;
        }
        return false;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public boolean full() {
        return problem != null;
    }

    /** Why the disk is full, or null. */
    public String problem() {
        return problem;
    }

    /** Starts polling (first check at once). */
    public synchronized void start() {
        if (poller != null) return;
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "disk-space");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look at the free space. */
    public void check() {
        long free;
        try {
            free = usable.getAsLong();
        } catch (RuntimeException e) {
            LOG.debug("disk space of {}: {}", where, e.toString());
            return;
        }
        if (problem == null && free < minFreeBytes) {
            becomeFull("disk_full: " + where + " has " + free + " bytes free (minFreeBytes " + minFreeBytes + ")");
        } else if (problem != null && free >= resumeBytes) {
            becomeRoomy(free);
        }
    }

    /** A write failed with ENOSPC ({@link #isNoSpace}): the disk is full whatever the last poll said. */
    public void noSpace(IOException e) {
        becomeFull("disk_full: " + where + ": " + ENOSPC);
    }

    private void becomeFull(String why) {
        synchronized (this) {
            if (problem != null) return;
            long now = nanoTime.getAsLong();
            boolean refilled = roomSinceNanos != Long.MIN_VALUE && now - roomSinceNanos < 60_000_000_000L;
            holdMillis = refilled ? Math.min(MAX_HOLD_MILLIS, holdMillis * 2) : MIN_HOLD_MILLIS;
            fullSinceNanos = now;
            problem = why;
        }
        LOG.warn("{}: recordings close their files and wait for free space (at least {} bytes)", why, resumeBytes);
        for (Listener l : listeners) l.full(why);
    }

    private void becomeRoomy(long free) {
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (problem == null || now - fullSinceNanos < holdMillis * 1_000_000) return;
            problem = null;
            roomSinceNanos = now;
        }
        LOG.warn("disk space back: {} has {} bytes free; recordings resume", where, free);
        for (Listener l : listeners) l.room();
    }

    @Override
    public synchronized void close() {
        if (poller != null) poller.shutdownNow();
    }
}
