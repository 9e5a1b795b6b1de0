package dev.liverec.control;

/**
 * One format's settings in a record template (Tencent's RecordParam, spec §3.6). Nullable fields are the ones the
 * API may answer with null.
 */
public record RecordParam(boolean enabled, int recordInterval, long storageTime, long vodSubAppId, String vodFileName,
                          String procedure, String storageMode, Long classId, String cosBucketName,
                          String cosBucketRegion, String cosBucketPath) {
    public static final int DEFAULT_RECORD_INTERVAL = 1800;

    public static RecordParam disabled() {
        return new RecordParam(false, DEFAULT_RECORD_INTERVAL, 0, 0, null, null, null, null, null, null, null);
    }

    public static RecordParam enabledDefaults() {
        return new RecordParam(true, DEFAULT_RECORD_INTERVAL, 0, 0, null, null, null, null, null, null, null);
    }
}
