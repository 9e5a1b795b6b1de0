package dev.liverec.cli;

import dev.liverec.config.LiverecConfig;
import dev.liverec.db.Database;

import java.util.List;

/**
 * The block {@code serve} logs once it listens: where the console, the API and the RTMP ingest are (with the ports
 * really bound), how push auth applies, and which data directory and database this node uses.
 */
final class StartupSummary {
    private StartupSummary() {}

    static String text(LiverecConfig cfg, int httpPort, int rtmpPort) {
        String scheme = cfg.http.tlsCertFile != null && cfg.http.tlsKeyFile != null ? "https" : "http";
        String base = cfg.http.publicUrl != null && !cfg.http.publicUrl.isBlank()
                ? cfg.http.publicUrl.replaceAll("/+$", "")
                : scheme + "://" + reachable(cfg.http.host) + ":" + httpPort;
        String rtmpHost = reachable(cfg.rtmp.host);
        String push = cfg.rtmp.requireRegisteredDomain
                ? "only domains added with AddLiveDomain may publish; "
                : "any domain may publish (the URL's host, or ?domain=NAME); ";
        List<String> lines = List.of(
                "liverec is up",
                "  console:      " + base + "/console/  (sign in with a SecretId / SecretKey)",
                "  API:          POST " + base + "/  (Tencent Cloud API 3.0, TC3-HMAC-SHA256; liverec call --endpoint "
                        + base + ")",
                "  push to:      rtmp://" + rtmpHost + ":" + rtmpPort + "/live/STREAM  (e.g. ffmpeg -re -i in.flv -c copy -f flv "
                        + "rtmp://" + rtmpHost + ":" + rtmpPort + "/live/s1)",
                "  push auth:    " + push + "a domain with push auth on (ModifyLivePushAuthKey) needs ?txSecret=...&txTime=...",
                "  data dir:     " + cfg.dataPath().toAbsolutePath().normalize(),
                "  database:     " + Database.redact(Database.jdbcUrl(cfg.db, cfg.dataPath())),
                "  metrics:      " + base + "/metrics, health: " + base + "/healthz, " + base + "/readyz");
        return String.join(System.lineSeparator(), lines);
    }

    /** A wildcard listen address is reached on the loopback address from this machine. */
    private static String reachable(String host) {
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) return "127.0.0.1";
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
