package dev.liverec.storage;

import dev.liverec.config.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The configured record storage: the local store (always, for playback of local files), and with
 * {@code storage.type=s3} the object store plus the local spool files wait in until they are uploaded. Built
 * before the control plane, which asks its {@link #health()} before accepting a record task.
 */
public final class FileStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileStores.class);

    private final LocalStore local;
    private final S3Store s3;
    private final LocalStore spool;
    private final Map<String, FileStore> byKind = new HashMap<>();
    private final StorageHealth health;

    private FileStores(LocalStore local, S3Store s3, LocalStore spool) {
        this.local = local;
        this.s3 = s3;
        this.spool = spool;
        byKind.put(local.kind(), local);
        if (s3 != null) byKind.put(s3.kind(), s3);
        health = spool == null ? local : new SpooledStoreHealth(s3, spool);
    }

    public static FileStores open(StorageConfig sc, Path dataDir, Clock clock) throws IOException {
        LocalStore local = new LocalStore(sc.localDir != null && !sc.localDir.isBlank() ? Path.of(sc.localDir)
                : dataDir.resolve("records"), sc.minFreeBytes);
        if ("local".equalsIgnoreCase(sc.type)) return new FileStores(local, null, null);
        if (!"s3".equalsIgnoreCase(sc.type)) {
            throw new IllegalArgumentException("storage.type must be local or s3, not " + sc.type);
        }
        S3Store s3 = new S3Store(sc, clock);
        try {
            s3.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warn("object store not reachable at start ({}); files will wait in the spool", e.getMessage());
        }
        LocalStore spool = new LocalStore(sc.spoolDir != null && !sc.spoolDir.isBlank() ? Path.of(sc.spoolDir)
                : dataDir.resolve("spool"), sc.minFreeBytes);
        return new FileStores(local, s3, spool);
    }

    /** Where committed files go: the object store when configured, else the local store. */
    public FileStore destination() { return s3 != null ? s3 : local; }

    /** The object store, or null with local storage. */
    public S3Store s3() { return s3; }

    /** The spool in front of the object store, or null with local storage. */
    public LocalStore spool() { return spool; }

    /** Every store by {@link FileStore#kind()}, for playback and retention. */
    public Map<String, FileStore> byKind() { return byKind; }

    public StorageHealth health() { return health; }

    @Override
    public void close() {
        if (s3 != null) s3.close();
    }
}
