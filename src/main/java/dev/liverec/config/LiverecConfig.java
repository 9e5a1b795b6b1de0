package dev.liverec.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole configuration. Precedence, lowest first: built-in defaults (embedded mode: H2 + local disk under
 * ./data), the YAML config file, environment variables ({@code LIVEREC_*}), command-line flags.
 */
public class LiverecConfig {
    public String dataDir = "data";
    /**
     * The node id (YAML {@code nodeId}, alias {@code nodeName}; env {@code LIVEREC_NODE_ID}; flag {@code --node-id}):
     * unique per process in a cluster. Default: the host name and a hash of the data directory and RTMP port
     * ({@code cluster.NodeId}).
     */
    @JsonAlias("nodeId")
    public String nodeName;
    public ClusterConfig cluster = new ClusterConfig();
    public HttpConfig http = new HttpConfig();
    public RtmpConfig rtmp = new RtmpConfig();
    public DbConfig db = new DbConfig();
    public ApiConfig api = new ApiConfig();
    public StorageConfig storage = new StorageConfig();
    public RecordConfig record = new RecordConfig();
    public CallbackConfig callback = new CallbackConfig();
    public MemoryConfig memory = new MemoryConfig();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Defaults, then the file (if any), then the environment. Flags are applied by the caller afterwards. */
    public static LiverecConfig load(Path file, Map<String, String> env) throws IOException {
        LiverecConfig c = file == null ? new LiverecConfig() : YAML.readValue(Files.readAllBytes(file), LiverecConfig.class);
        c.applyEnv(env);
        return c;
    }

    void applyEnv(Map<String, String> env) {
        String v;
        if ((v = env.get("LIVEREC_NODE_ID")) != null && !v.isBlank()) nodeName = v.trim();
        if ((v = env.get("LIVEREC_DATA_DIR")) != null && !v.isBlank()) dataDir = v;
        if ((v = env.get("LIVEREC_HTTP_PORT")) != null && !v.isBlank()) http.port = Integer.parseInt(v.trim());
        if ((v = env.get("LIVEREC_RTMP_PORT")) != null && !v.isBlank()) rtmp.port = Integer.parseInt(v.trim());
        if ((v = env.get("LIVEREC_DB_URL")) != null && !v.isBlank()) db.url = v;
        if ((v = env.get("LIVEREC_DB_USER")) != null) db.user = v;
        if ((v = env.get("LIVEREC_DB_PASSWORD")) != null) db.password = v;
        if ((v = env.get("LIVEREC_MEMORY_BUDGET")) != null && !v.isBlank()) memory.budget = v.trim();
        if ((v = env.get("LIVEREC_METRICS_TOKEN")) != null && !v.isBlank()) http.metricsToken = v;
    }

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public String publicUrl() {
        if (http.publicUrl != null && !http.publicUrl.isBlank()) return http.publicUrl.replaceAll("/+$", "");
        String scheme = http.tlsCertFile != null ? "https" : "http";
        return scheme + "://127.0.0.1:" + http.port;
    }
}
