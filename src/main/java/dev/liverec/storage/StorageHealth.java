package dev.liverec.storage;

/** Whether the configured record storage can take files now (ResourceUnavailable.InvalidVodStatus when not). */
public interface StorageHealth {
    boolean usable();

    /** Why it is not usable (for logs and the API message); null when usable. */
    String problem();
}
