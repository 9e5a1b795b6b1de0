package dev.liverec.record;

import dev.liverec.config.RecordConfig;
import dev.liverec.record.output.FileNamer;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.recovery.OrphanRecovery;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.record.schedule.RecordScheduler;
import dev.liverec.record.session.RecordContext;
import dev.liverec.record.session.RecordMetrics;
import dev.liverec.record.takeover.Takeover;
import dev.liverec.storage.ObjectBucket;
import dev.liverec.notify.CallbackNotifier;
import dev.liverec.storage.DiskSpace;
import dev.liverec.storage.RecordingStore;
import dev.liverec.stream.StreamHub;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.TaskEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recording engine of a node, over the {@link RecordPlan} (control plane), the {@link RecordingStore} and the
 * {@link CallbackNotifier} (storage). {@link #start} recovers what a crash left behind and resumes the open task
 * windows; with an object store its {@link Takeover} uploads the recordings in progress and finalizes those of dead
 * nodes; {@link #close} closes every file (split reason shutdown), then the executors its commits run on.
 */
public final class RecordEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordEngine.class);

    private final RecordContext rctx;
    private final RecordScheduler scheduler;
    private final ExecutorService blocking;
    private final ExecutorService writes;
    private final RecordPlan plan;
    private final TaskEvents taskEvents;
    private final DiskSpace disk;
    private final Takeover takeover;

    public RecordEngine(RecordConfig cfg, Clock clock, Jdbi jdbi, MeterRegistry metrics, StreamHub hub, String node,
                        RecordPlan plan, TaskEvents taskEvents, RecordingStore store,
                        CallbackNotifier notifier, DiskSpace disk) {
        this(cfg, clock, jdbi, metrics, hub, node, plan, taskEvents, store, notifier, disk, null);
    }

    /** @param bucket the shared object store (S3 storage), where recordings in progress are uploaded; else null */
    public RecordEngine(RecordConfig cfg, Clock clock, Jdbi jdbi, MeterRegistry metrics, StreamHub hub, String node,
                        RecordPlan plan, TaskEvents taskEvents, RecordingStore store,
                        CallbackNotifier notifier, DiskSpace disk, ObjectBucket bucket) {
        this.plan = plan;
        this.disk = disk;
        this.taskEvents = taskEvents;
        AtomicInteger n = new AtomicInteger();
        blocking = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "record-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger w = new AtomicInteger();
        writes = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "record-write-" + w.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<RecordFormat, OutputFormat> formats = OutputFormats.available();
        SessionJournal journal = new SessionJournal(jdbi, clock, Duration.ofMillis(Math.max(300, cfg.leaseMillis)));
        takeover = new Takeover(journal, node, bucket, store, this::orphanRecovery, clock,
                new Takeover.Timing(Duration.ofMillis(cfg.leaseMarginMillis), Duration.ofMillis(cfg.workUploadMillis)));
        rctx = new RecordContext(clock, takeover.around(store), journal, blocking, writes,
                new RecordMetrics(metrics), new NotifierEvents(notifier), new FileNamer(FileNamer.DEFAULT_ZONE),
                new OutputFormat.OutputSettings(cfg.hlsSegmentSeconds * 1000, cfg.mp4FragmentMillis), node,
                formats);
        scheduler = new RecordScheduler(rctx, plan, hub, Duration.ofSeconds(2), disk, jdbi);
        LOG.info("recording engine ready: formats {}", formats.keySet());
    }

    /** Where other nodes reach this node's HTTP listener: they proxy playback of files being written here. */
    public void nodeUrl(String baseUrl) {
        rctx.journal().nodeUrl(baseUrl);
    }

    private OrphanRecovery orphanRecovery() {
        return rctx.orphanRecovery(plan);
    }

    public void start() {
        // The orphans are the journal rows that exist before the scheduler can start (and journal) a recording:
        // read them first, so a publish right after the restart is never taken for a crash leftover.
        List<SessionJournal.Entry> orphans;
        try {
            orphans = rctx.journal().list(rctx.node());
        } catch (RuntimeException e) {
            LOG.error("crash recovery: cannot read the recording journal; will retry at next start", e);
            orphans = List.of();
        }
        List<SessionJournal.Entry> left = orphans;
        blocking.execute(() -> {
            try {
                int n = takeover.recoverOwn(left);
                if (n > 0) LOG.warn("recovered {} file(s) left by an unclean stop", n);
            } catch (RuntimeException e) {
                LOG.error("crash recovery failed", e);
            }
        });
        takeover.start();
        scheduler.start();
        taskEvents.addListener(scheduler);
        disk.start();
    }

    @Override
    public void close() throws InterruptedException {
        disk.close();
        scheduler.close(); // before the executor it commits on
        takeover.close(); // after the last commits, so their leases stay renewed until then
        blocking.shutdown();
        blocking.awaitTermination(30, TimeUnit.SECONDS);
        writes.shutdown();
        writes.awaitTermination(10, TimeUnit.SECONDS);
    }
}
