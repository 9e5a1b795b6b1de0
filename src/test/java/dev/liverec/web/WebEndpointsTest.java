package dev.liverec.web;

import dev.liverec.app.RtmpModule;
import dev.liverec.app.WebModule;
import dev.liverec.storage.StorageFixtures;
import dev.liverec.storage.StorageHealth;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The web module's HTTP surface on a real server: health, readiness, metrics (open and with a token), console. */
class WebEndpointsTest {
    @TempDir
    Path dir;

    private LiverecServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The storage health the module reports; a test swaps it to make storage unusable. */
    private volatile StorageHealth storage = new StorageHealth() {
        public boolean usable() { return true; }
        public String problem() { return null; }
    };

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void start(String metricsToken) throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.http.metricsToken = metricsToken;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        StorageHealth health = new StorageHealth() {
            public boolean usable() { return storage.usable(); }
            public String problem() { return storage.problem(); }
            public String degraded() { return storage.degraded(); }
        };
        server = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> {
            RtmpModule rtmp = new RtmpModule(ctx, name -> Optional.empty());
            return List.of(rtmp, new WebModule(ctx, health, rtmp.server(), new StorageFixtures.CallbackRules()));
        });
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadiness() throws Exception {
        start(null);
        HttpResponse<String> h = get("/healthz");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).contains("\"up\"");
        HttpResponse<String> r = get("/readyz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ready\"").contains("\"database\":\"ok\"");
    }

    @Test
    void readinessFailsWhenTheDatabaseIsGone() throws Exception {
        start(null);
        server.context().db().close();
        HttpResponse<String> r = get("/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("not ready").contains("\"database\":\"failed");
    }

    @Test
    void readinessReportsUnusableStorage() throws Exception {
        start(null);
        storage = new StorageHealth() {
            public boolean usable() { return false; }
            public String problem() { return "disk full"; }
        };
        HttpResponse<String> r = get("/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("not usable: disk full");
    }

    @Test
    void spoolingWhileTheObjectStoreIsAwayIsDegradedButReady() throws Exception {
        start(null);
        storage = new StorageHealth() {
            public boolean usable() { return true; }
            public String problem() { return null; }
            public String degraded() { return "spooling: object store bucket records does not answer"; }
        };
        HttpResponse<String> r = get("/readyz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"degraded\"")
                .contains("\"storage\":\"degraded: spooling: object store bucket records does not answer\"");
    }

    @Test
    void metricsAreOpenByDefault() throws Exception {
        start(null);
        HttpResponse<String> m = get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(m.body()).contains("liverec_streams_live 0.0").contains("liverec_ingest_bytes_total 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void metricsRequireTheConfiguredBearerToken() throws Exception {
        start("s3cret-token");
        assertThat(get("/metrics").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Authorization", "Bearer s3cret-token-and-more").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get("/metrics", "Authorization", "Bearer s3cret-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("liverec_streams_live");
        // health stays open: orchestrators probe it without credentials
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void consoleAndItsHlsPlayerAreServedFromTheJar() throws Exception {
        start(null);
        HttpResponse<String> redirect = get("/console");
        assertThat(redirect.statusCode()).isEqualTo(302);
        HttpResponse<String> index = get("/console/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<script type=\"module\" src=\"js/app.js\">");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        HttpResponse<String> js = get("/console/js/tc3.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        HttpResponse<String> hls = get("/console/vendor/hls/hls.mjs");
        assertThat(hls.statusCode()).isEqualTo(200);
        assertThat(hls.body()).contains("export");
        assertThat(get("/console/../pom.xml").statusCode()).isIn(400, 404);
        assertThat(get("/console/nothing-here.js").statusCode()).isEqualTo(404);
    }
}
