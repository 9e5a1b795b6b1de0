package dev.liverec.storage;

import dev.liverec.db.Wakeup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads this node's spooled files to the object store, oldest first, one thread. A failed upload is retried
 * with exponential backoff (the row keeps the attempt count and the next attempt time, so a restart resumes where
 * it stopped); a file leaves the spool only after the object store has all its entries and the row says stored.
 */
public final class SpoolUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolUploader.class);

    private final RecordFileIndex index;
    private final LocalStore spool;
    private final FileStore destination;
    private final Clock clock;
    private final String node;
    private final long pollMillis;
    private final long backoffBaseMillis;
    private final long backoffMaxMillis;
    private final Counter failures;
    private final AtomicLong queueDepth = new AtomicLong();
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean running = true;
    private final Thread thread;

    public SpoolUploader(RecordFileIndex index, LocalStore spool, FileStore destination, Clock clock, String node,
                         long pollMillis, long backoffBaseMillis, long backoffMaxMillis, MeterRegistry metrics) {
        this.index = index;
        this.spool = spool;
        this.destination = destination;
        this.clock = clock;
        this.node = node;
        this.pollMillis = pollMillis;
        this.backoffBaseMillis = Math.max(1, backoffBaseMillis);
        this.backoffMaxMillis = Math.max(this.backoffBaseMillis, backoffMaxMillis);
        this.failures = Counter.builder("liverec_upload_failures_total")
                .description("Failed uploads of spooled files to the object store").register(metrics);
        Gauge.builder("liverec_upload_queue_depth", queueDepth, AtomicLong::get)
                .description("Files in this node's spool waiting for their upload").register(metrics);
        this.thread = new Thread(this::run, "liverec-uploader");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void wakeUp() {
        wakeup.signal();
    }

    public long queueDepth() { return queueDepth.get(); }

    private void run() {
        while (running) {
            try {
                queueDepth.set(index.countSpooled(node));
                List<RecordFile> due = index.dueUploads(node, clock.millis(), 20);
                for (RecordFile f : due) {
                    if (!running) break;
                    upload(f);
                }
                queueDepth.set(index.countSpooled(node));
                if (due.size() == 20) continue;
            } catch (RuntimeException e) {
                LOG.warn("uploader: {}", e.toString());
            }
            awaitWake();
        }
    }

    private void awaitWake() {
        if (running && !wakeup.await(pollMillis)) running = false;
    }

    /** Uploads every entry of one file; true when the file is now stored. Package-visible for tests. */
    boolean upload(RecordFile f) {
        long started = System.nanoTime();
        long bytes = 0;
        boolean retry = index.uploadAttempts(f.fileId()) > 0;
        try {
            int n = 0;
            for (String entry : f.entries()) {
                String key = f.key(entry);
                Path local = spool.localPath(key).orElseThrow(() -> new NoSuchFileException("spool lost " + key));
                long size = spool.size(key);
                // after a failed attempt, entries that already made it are not sent again
                if (!(retry && alreadyUploaded(key, size))) destination.put(key, local);
                bytes += size;
                n++;
                if (f.entries().size() > 1 && n % 50 == 0) {
                    LOG.info("uploading {}: {}/{} entries, {} bytes", f.fileId(), n, f.entries().size(), bytes);
                }
            }
            index.markStored(f.fileId(), destination.kind());
            for (String entry : f.entries()) {
                try {
                    spool.delete(f.key(entry));
                } catch (IOException e) {
                    LOG.warn("could not remove spooled {}: {}", f.key(entry), e.toString());
                }
            }
            LOG.info("uploaded {} ({} entries, {} bytes) to {} in {} ms", f.fileId(), f.entries().size(), bytes,
                    destination, (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (IOException | RuntimeException e) {
            failures.increment();
            int attempts = index.uploadAttempts(f.fileId()) + 1;
            long delay = Math.min(backoffMaxMillis, backoffBaseMillis << Math.min(20, attempts - 1));
            index.markUploadFailed(f.fileId(), clock.millis() + delay, e.getMessage());
            LOG.warn("upload of {} failed (attempt {}), retrying in {} ms: {}", f.fileId(), attempts, delay,
                    e.getMessage());
            return false;
        }
    }

    private boolean alreadyUploaded(String key, long size) {
        try {
            return destination.size(key) == size;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wakeUp();
        thread.join(10_000);
    }
}
