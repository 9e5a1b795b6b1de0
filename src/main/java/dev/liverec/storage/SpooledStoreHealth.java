package dev.liverec.storage;

/**
 * An object store behind a local spool takes files whenever the spool has room: while the bucket does not answer
 * they wait there (degraded, still usable, so a load balancer does not drain every node of a cluster at once).
 */
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
        return spool.problem();
    }

    @Override
    public String degraded() {
        String p = objectStore.problem();
        return p == null ? null : "spooling: " + p;
    }
}
