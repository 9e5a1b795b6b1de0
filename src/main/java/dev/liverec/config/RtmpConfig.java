package dev.liverec.config;

/** The RTMP listener and its protection limits. */
public class RtmpConfig {
    public String host = "0.0.0.0";
    public int port = 1935;
    public int handshakeTimeoutSeconds = 10;
    public int idleTimeoutSeconds = 30;
    /**
     * off | optional | required: a PROXY protocol v1/v2 header (HAProxy {@code send-proxy}/{@code send-proxy-v2})
     * starts each connection and names the client; its wait counts toward {@link #handshakeTimeoutSeconds}.
     */
    public String proxyProtocol = "off";
    public int maxMessageBytes = 8 * 1024 * 1024;
    public int maxChunkStreams = 64;
    /** refuse | replace: what a second publisher on a live stream gets. */
    public String publisherConflict = "refuse";
    /** How long an idle ingest event loop lets socket readiness accumulate before waiting (0 = wake per event). */
    public int ioBatchMicros = 1000;
    public long gopCacheMaxBytes = 16L * 1024 * 1024;
    /**
     * GOP caches keep their payloads in files under {@code <dataDir>/gop-cache} (the page cache holds them, not the
     * process; docs/memory.md); false: in memory.
     */
    public boolean gopCacheInFiles = true;
    /** GOP caches drop their GOP rather than queue more than this for their files (the disk does not keep up). */
    public long gopCacheFileQueueBytes = 32L * 1024 * 1024;
    /** Publishing to a domain nobody added with AddLiveDomain: allowed by default (embedded, single-user mode). */
    public boolean requireRegisteredDomain = false;
    /**
     * Bytes all connections together may hold in partial messages and connection buffers; 0 = a quarter of the
     * JVM's direct memory limit. Peers are shed (oldest-idle first) rather than exceed it.
     */
    public long ingestMemoryBytes = 0;
    /** Charged to {@link #ingestMemoryBytes} per connection for its read and cumulation buffers. */
    public int connectionBufferBytes = 64 * 1024;
    /** A peer that completed no message for this long may be shed to make room for others. */
    public long shedMinIdleMillis = 1000;
    /** Connections the listener keeps at once; more are closed on accept. */
    public int maxConnections = 10_000;
    /** Connections one source address may hold (a load generator on one host needs more). */
    public int maxConnectionsPerAddress = 1_000;
    /** New connections are refused while fewer file descriptors than this are left for files and the database. */
    public int fileDescriptorReserve = 256;
    /** How often each node reads the drop/forbid commands other nodes wrote for its publishers. */
    public long commandPollMillis = 500;
}
