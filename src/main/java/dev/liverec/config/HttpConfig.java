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
}
