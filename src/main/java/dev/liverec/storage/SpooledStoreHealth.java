package dev.liverec.storage;

/** An object store behind a local spool can take files when the bucket answers and the spool has room. */
final class SpooledStoreHealth implements StorageHealth {
    private final StorageHealth objectStore;
    private final StorageHealth spool;

    SpooledStoreHealth(StorageHealth objectStore, StorageHealth spool) {
        this.objectStore = objectStore;
        this.spool = spool;
    }

    @Override
    public boolean usable() {
        return problem() == null;
    }

    @Override
    public String problem() {
        String p = objectStore.problem();
        return p != null ? p : spool.problem();
    }
}
