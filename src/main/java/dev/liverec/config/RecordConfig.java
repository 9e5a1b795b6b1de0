package dev.liverec.config;

/** Recording engine defaults. */
public class RecordConfig {
    /** HLS target segment duration in seconds. */
    public int hlsSegmentSeconds = 4;
    /** fMP4 fragment period while recording: the most a crash can lose. */
    public int mp4FragmentMillis = 1000;
    /** Secret that signs playback URLs; generated into DATA_DIR on first start when absent. */
    public String playbackUrlSecret;
    public int playbackUrlTtlSeconds = 7 * 24 * 3600;
    /** How often the free space of the data directory is checked against {@code storage.minFreeBytes}. */
    public int diskCheckMillis = 1000;
    /**
     * Lease of a recording in progress: its node renews it every third of this; once it has expired by
     * {@link #leaseMarginMillis} another node takes the recording over (with S3 storage), and task states stop
     * showing it as recording.
     */
    public long leaseMillis = 15_000;
    public long leaseMarginMillis = 5_000;
    /** With S3 storage, how often the files being recorded are uploaded (what a dead node loses at most). */
    public long workUploadMillis = 1000;
}
