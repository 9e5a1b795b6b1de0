package dev.liverec.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Deletes files whose StorageTime has run out: their objects (in the store and, for a not yet uploaded file, in
 * the spool), then the row. A file whose objects cannot be deleted now keeps its row and is tried again later.
 */
public final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final RecordFileIndex index;
    private final Map<String, FileStore> storesByKind;
    private final LocalStore spool;
    private final Clock clock;

    public RetentionSweeper(RecordFileIndex index, Map<String, FileStore> storesByKind, LocalStore spool, Clock clock) {
        this.index = index;
        this.storesByKind = storesByKind;
        this.spool = spool;
        this.clock = clock;
    }

    /** One pass; returns how many files were deleted. */
    public int sweep() {
        int deleted = 0;
        while (true) {
            List<RecordFile> batch = index.expired(clock.millis(), 100);
            int before = deleted;
            for (RecordFile f : batch) {
                if (deleteObjects(f)) {
                    index.delete(f.fileId());
                    deleted++;
                    LOG.info("retention: deleted {} ({} {}, expired {})", f.fileId(), f.stream(), f.name(), f.expiresAt());
                }
            }
            if (batch.size() < 100 || deleted == before) return deleted;
        }
    }

    private boolean deleteObjects(RecordFile f) {
        FileStore store = storesByKind.get(f.store());
        try {
            for (String entry : f.entries()) {
                if (spool != null) spool.delete(f.key(entry));
                if (store != null && RecordFile.STORED.equals(f.status())) store.delete(f.key(entry));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("retention: could not delete {} yet: {}", f.fileId(), e.getMessage());
            return false;
        }
    }
}
