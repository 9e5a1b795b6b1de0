package dev.liverec.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console signs API requests in the browser; its TC3 signer (WebCrypto and the plain-JS fallback used on
 * non-secure origins) must reproduce every TC3 vector of the spec. Runs the module under Node.
 */
class ConsoleSignerTest {
    @Test
    void browserSignerMatchesEveryTc3Vector() throws Exception {
        Path vectors = dev.liverec.SpecVectors.file();
        assertThat(vectors).exists();
        Process p = new ProcessBuilder("node", "src/test/console/tc3-vectors.mjs",
                "src/main/resources/console/js/tc3.js", vectors.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("\\b(1[0-9]|[2-9][0-9]) passed, 0 failed");
    }
}
