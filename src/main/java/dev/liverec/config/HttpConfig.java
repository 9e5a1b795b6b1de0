package dev.liverec.config;

/** The HTTP listener: API, console, playback, metrics. */
public class HttpConfig {
    public String host = "0.0.0.0";
    public int port = 8080;
    /** PEM certificate chain and key; both set = HTTPS on {@link #port}. */
    public String tlsCertFile;
    public String tlsKeyFile;
    /** Base URL clients reach this node at (playback URLs in callbacks); default http://127.0.0.1:port. */
    public String publicUrl;
    /** When set, GET /metrics requires {@code Authorization: Bearer <token>}; unset = open (env LIVEREC_METRICS_TOKEN). */
    public String metricsToken;
    /** A connection nothing was read from or written to for this long is closed. */
    public int idleTimeoutSeconds = 60;
    /** An HTTP/1 connection must deliver a complete request head this soon after opening or after its last reply. */
    public int headerTimeoutSeconds = 10;
    /** A request body must have arrived this soon after the request head. */
    public int bodyTimeoutSeconds = 30;
    /** Connections the listener keeps at once; more are closed on accept. */
    public int maxConnections = 10_000;
    /** New connections are refused while fewer file descriptors than this are left for files and the database. */
    public int fileDescriptorReserve = 256;
}
