package dev.liverec.record.takeover;

import dev.liverec.record.recovery.OrphanRecovery;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.storage.RecordingStore;
import dev.liverec.storage.SplitReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Finalizes orphaned recordings: those of a node whose lease expired by a margin (claimed atomically, so exactly
 * one survivor takes each), and this node's own ones at start. Their files come from the work directory when it is
 * on this disk, else from the shared bucket ({@link StoredWork}); they are committed {@code recovered} and announced
 * once, then the uploads and the journal row go. The recordings a scan claims are finalized side by side on
 * {@code workers} (a dead node leaves one per format and task). Blocking.
 */
final class OrphanTakeover implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanTakeover.class);

    private final SessionJournal journal;
    private final String node;
    private final StoredWork stored; // null: local storage, nothing to take over from
    private final RecordingStore store;
    private final Supplier<OrphanRecovery> recovery;
    private final LeaseRenewal renewal;
    private final Clock clock;
    private final long marginMillis;
    private final Executor workers;

    OrphanTakeover(SessionJournal journal, String node, StoredWork stored, RecordingStore store,
                   Supplier<OrphanRecovery> recovery, LeaseRenewal renewal, Clock clock, long marginMillis,
                   Executor workers) {
        this.journal = journal;
        this.node = node;
        this.stored = stored;
        this.store = store;
        this.recovery = recovery;
        this.renewal = renewal;
        this.clock = clock;
        this.marginMillis = marginMillis;
        this.workers = workers;
    }

    /** One scan for recordings of other nodes whose lease ran out; takes over each one this node claims. */
    @Override
    public void run() {
        if (stored == null || !renewal.renewedFor(journal.lease().toMillis())) return;
        try {
            long before = clock.millis() - marginMillis;
            for (SessionJournal.Entry e : journal.expired(node, before)) {
                if (!journal.claim(e, node, before)) continue; // another survivor was first
                LOG.warn("taking over recording {} ({} {}) of node {}, whose lease expired", e.recordingId(),
                        e.stream(), e.format(), e.node());
                workers.execute(() -> finalizeOrphan(e)); // claimed: our renewals keep it ours meanwhile
            }
        } catch (RuntimeException e) {
            LOG.warn("takeover scan failed (next scan retries): {}", e.toString());
        }
    }

    /** Recovers this node's rows read at start, each re-claimed first (a survivor may have taken it meanwhile). */
    int recoverOwn(List<SessionJournal.Entry> orphans) {
        int committed = 0;
        for (SessionJournal.Entry e : orphans) {
            if (!journal.claim(e, node, null)) continue;
            committed += Math.max(0, finalizeOrphan(e));
        }
        return committed;
    }

    private int finalizeOrphan(SessionJournal.Entry e) {
        SessionJournal.Entry local;
        try {
            local = e.in(workDir(e));
        } catch (IOException | RuntimeException ex) {
            LOG.error("recording {}: cannot restore its files from the store; will retry at next start",
                    e.recordingId(), ex);
            return -1;
        }
        int n = recovery.get().runOne(local, SplitReason.RECOVERED);
        if (n >= 0 && stored != null) {
            try {
                stored.purge(e.recordingId());
            } catch (IOException ex) {
                LOG.warn("recording {}: its uploads stay in the store: {}", e.recordingId(), ex.toString());
            }
        }
        return n;
    }

    /**
     * The recording's own work directory when it was this node's (at start), else this node's directory for it,
     * restored from the store when missing: another node's path is never read, even when it exists here.
     */
    private Path workDir(SessionJournal.Entry e) throws IOException {
        if (e.node().equals(node) && Files.isDirectory(e.workDir())) return e.workDir();
        Path mine = store.workDir(e.accountId(), e.stream(), e.recordingId());
        if (!Files.isDirectory(mine) && stored != null) {
            int files = stored.restore(e.recordingId(), mine);
            LOG.info("recording {}: {} file(s) restored from the store into {}", e.recordingId(), files, mine);
        }
        return mine;
    }
}
