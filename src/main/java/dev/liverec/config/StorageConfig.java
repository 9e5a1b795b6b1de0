package dev.liverec.config;

/** Where finished recordings go: local disk (default) or an S3-compatible object store. */
public class StorageConfig {
    /** local | s3 */
    public String type = "local";
    /** Local store root; default DATA_DIR/records. */
    public String localDir;
    public String s3Endpoint;
    public String s3Region = "us-east-1";
    public String s3Bucket;
    public String s3AccessKey;
    public String s3SecretKey;
    public boolean s3PathStyle = true;
    /** Files at least this large go up as multipart uploads, in parts of {@link #s3PartSizeBytes} (S3 minimum 5 MiB). */
    public long s3MultipartThresholdBytes = 64L << 20;
    public long s3PartSizeBytes = 16L << 20;
    /**
     * Bounds of every object-store call, so a store that accepts connections and never answers cannot hold an
     * upload, a playback read or a health check longer than this: TCP connect, the wait for each read on the
     * socket, and the whole call including the SDK's own retries (each multipart part is its own call).
     */
    public long s3ConnectTimeoutMillis = 3_000;
    public long s3ReadTimeoutMillis = 20_000;
    public long s3CallTimeoutMillis = 60_000;
    /**
     * S3 only: the base URL other nodes reach this node's HTTP listener at, recorded with each spooled file so a
     * {@code /vod} read of it through any node is forwarded here until its upload is done; default
     * {@code http://<http.host, or this host's address when it listens on all>:<http.port>}.
     */
    public String spoolServeUrl;
    /** Where committed files wait for their upload (S3 only); default DATA_DIR/spool. */
    public String spoolDir;
    /** Upload retry backoff: first delay, doubled per failure up to the maximum. */
    public long uploadRetryBaseMillis = 2000;
    public long uploadRetryMaxMillis = 300_000;
    /** How often the uploader looks for spooled files (it is also woken by each commit). */
    public long uploadPollMillis = 5000;
    /** How often the object store's health (HeadBucket) is refreshed. */
    public int healthRefreshSeconds = 30;
    /** Local store: below this many free bytes the store reports itself unusable. */
    public long minFreeBytes = 256L << 20;
    /** How often expired files (StorageTime) are looked for. */
    public int retentionSweepSeconds = 300;
}
