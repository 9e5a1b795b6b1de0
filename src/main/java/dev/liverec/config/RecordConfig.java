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
}
