package dev.liverec.record.takeover;

import dev.liverec.record.recovery.OrphanRecovery;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.storage.ObjectBucket;
import dev.liverec.storage.RecordingStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A node's part in recordings surviving the node: it renews the leases of its recordings (every third of the
 * lease), uploads their work files as they complete (with an object store), and takes over the recordings of nodes
 * whose lease expired by {@code margin}. Each runs on its own thread so a long takeover never delays a renewal or an
 * upload.
 */
public final class Takeover implements AutoCloseable {
    /** Timing: margin past an expired lease before a takeover, period of the work uploads. */
    public record Timing(Duration margin, Duration uploadPeriod) {}

    private final SessionJournal journal;
    private final Timing timing;
    private final LeaseRenewal renewal;
    private final WorkUploader uploader;
    private final OrphanTakeover orphans;
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;

    /**
     * @param journal the journal, whose lease the renewals keep
     * @param bucket the shared object store, or null with local storage (then only leases, no uploads/takeover) */
    public Takeover(SessionJournal journal, String node, ObjectBucket bucket, RecordingStore store,
                    Supplier<OrphanRecovery> recovery, Clock clock, Timing timing) {
        this.journal = journal;
        this.timing = timing;
        StoredWork stored = bucket == null ? null : new StoredWork(bucket);
        renewal = new LeaseRenewal(journal, node, clock);
        uploader = stored == null ? null : new WorkUploader(journal, stored);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "record-takeover-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        timers = Executors.newScheduledThreadPool(3, threads);
        workers = Executors.newFixedThreadPool(4, threads);
        orphans = new OrphanTakeover(journal, node, stored, store, recovery, renewal, clock, timing.margin().toMillis(),
                workers);
    }

    /** The store recordings commit to: with uploads, it removes a committed file's uploads. */
    public RecordingStore around(RecordingStore store) {
        return uploader == null ? store : uploader.around(store);
    }

    /** Recovers this node's rows left by an unclean stop (read before anything records); blocking. */
    public int recoverOwn(List<SessionJournal.Entry> left) {
        return orphans.recoverOwn(left);
    }

    public void start() {
        long third = Math.max(100, journal.lease().toMillis() / 3);
        timers.scheduleWithFixedDelay(renewal, 0, third, TimeUnit.MILLISECONDS);
        if (uploader == null) return;
        long upload = Math.max(100, timing.uploadPeriod().toMillis());
        timers.scheduleWithFixedDelay(uploader::pass, upload, upload, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(orphans, third, third, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        timers.shutdownNow();
        workers.shutdownNow(); // a takeover cut short is claimed again (its row keeps our expired lease)
        timers.awaitTermination(10, TimeUnit.SECONDS);
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
