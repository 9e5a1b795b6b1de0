package dev.liverec.storage;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Keeps file descriptors for recording files and the database: listeners ask {@link #socketAllowed()} before they
 * keep a new connection and refuse it when fewer than {@code reserve} descriptors are left (issue 10, D2: at 21,000
 * silent HTTP sockets {@code accept} failed and a live HLS recording could not open its next segment). The count is
 * read from the platform's {@code UnixOperatingSystemMXBean} (it lists {@code /proc/self/fd}) at most every 100 ms.
 */
public final class FileDescriptorReserve {
    private static final long REFRESH_NANOS = 100_000_000L;

    private final long reserve;
    private final LongSupplier open;
    private final LongSupplier max;
    private final LongSupplier nanoClock;
    private long readAt = Long.MIN_VALUE;
    private boolean allowed = true;

    public FileDescriptorReserve(long reserve, LongSupplier open, LongSupplier max, LongSupplier nanoClock) {
        this.reserve = reserve;
        this.open = open;
        this.max = max;
        this.nanoClock = nanoClock;
    }

    /** For this process; a platform without descriptor counts never refuses. */
    public static FileDescriptorReserve ofProcess(long reserve) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return new FileDescriptorReserve(reserve, os::getOpenFileDescriptorCount, os::getMaxFileDescriptorCount,
                    System::nanoTime);
        }
        return new FileDescriptorReserve(0, () -> 0, () -> Long.MAX_VALUE, System::nanoTime);
    }

    /** False when a new socket would eat into the descriptors kept for files and the database. */
    public synchronized boolean socketAllowed() {
        long now = nanoClock.getAsLong();
        if (readAt == Long.MIN_VALUE || now - readAt >= REFRESH_NANOS) {
            readAt = now;
            allowed = open.getAsLong() < max.getAsLong() - reserve;
        }
        return allowed;
    }
}
