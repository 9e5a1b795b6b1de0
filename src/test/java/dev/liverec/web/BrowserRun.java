package dev.liverec.web;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs interop/console-e2e.mjs (playwright-core driving Debian's headless chromium) with a JSON configuration. */
final class BrowserRun {
    private BrowserRun() {}

    /** Runs the script and returns its output; fails the test when it exits non-zero or hangs. */
    static String run(Map<String, Object> cfg) throws Exception {
        Path log = Files.createTempFile("console-e2e", ".log");
        Process p = new ProcessBuilder("node", "console-e2e.mjs", new ObjectMapper().writeValueAsString(cfg))
                .directory(Path.of("interop").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(240, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(out);
        assertThat(done).as("browser run finished in time:\n" + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
