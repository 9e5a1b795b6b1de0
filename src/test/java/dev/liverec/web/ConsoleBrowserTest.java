package dev.liverec.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.config.LiverecConfig;
import dev.liverec.server.LiverecServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the console in headless Chromium (playwright-core, interop/console-e2e.mjs) against a real server.
 * Screenshots of each page land in target/console-screenshots/.
 */
@Tag("slow")
class ConsoleBrowserTest {
    @TempDir
    Path dir;

    private LiverecServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void signInPageShowsTheApiErrorCode() throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.port = 0;
        server = LiverecServer.start(cfg, Clock.systemUTC());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("url", "http://127.0.0.1:" + server.httpPort());
        run.put("flow", "signin");
        run.put("screenshots", Path.of("target/console-screenshots/signin").toAbsolutePath().toString());
        String out = runBrowser(run);
        assertThat(out).contains("2 passed, 0 failed");
    }

    static String runBrowser(Map<String, Object> run) throws Exception {
        Path log = Files.createTempFile("console-e2e", ".log");
        Process p = new ProcessBuilder("node", "console-e2e.mjs", new ObjectMapper().writeValueAsString(run))
                .directory(Path.of("interop").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(out);
        assertThat(done).as("browser run finished in time:\n" + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
