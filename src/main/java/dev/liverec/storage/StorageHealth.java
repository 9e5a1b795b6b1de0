package dev.liverec.storage;

/** Whether the configured record storage can take files now (ResourceUnavailable.InvalidVodStatus when not). */
public interface StorageHealth {
    boolean usable();

    /** Why it is not usable (for logs and the API message); null when usable. */
    String problem();

    /**
     * Why it works in a reduced way although usable (e.g. files wait in the spool because the object store does
     * not answer); null when fully working. A degraded node stays ready.
     */
    default String degraded() {
        return null;
    }
}
