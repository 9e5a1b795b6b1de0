package dev.liverec.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.app.ApiModule;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs one {@code interop/*.mjs} script (the official Tencent Node.js SDK) against a running node with two fresh
 * accounts (LIVEREC_A_* and LIVEREC_B_*), the API endpoint and the RTMP address, and checks its one-line JSON
 * summary: no failure, exit 0.
 */
final class NodeSdkScript {
    /** The summary line: passed, failed, failures, actions. */
    record Summary(int passed, List<String> actions, String output) {}

    private NodeSdkScript() {}

    static void assumeInstalled() {
        assumeTrue(Files.isDirectory(Path.of("interop/node_modules/tencentcloud-sdk-nodejs")),
                "run `cd interop && npm ci` (scripts/test does)");
    }

    static Summary run(LiverecServer server, String script, int timeoutSeconds) throws Exception {
        Path file = Path.of("interop", script).toAbsolutePath();
        AccountStore accounts = server.module(ApiModule.class).accounts().store();
        String tag = script.replace(".mjs", "");
        Credential a = accounts.createCredential(accounts.findOrCreateAccount(tag + "-alice").id());
        Credential b = accounts.createCredential(accounts.findOrCreateAccount(tag + "-bob").id());
        ProcessBuilder pb = new ProcessBuilder("node", file.toString()).directory(file.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("LIVEREC_ENDPOINT", "127.0.0.1:" + server.httpPort());
        pb.environment().put("LIVEREC_RTMP", "127.0.0.1:" + server.module(RtmpModule.class).server().port());
        pb.environment().put("LIVEREC_A_ID", a.secretId());
        pb.environment().put("LIVEREC_A_KEY", a.secretKey());
        pb.environment().put("LIVEREC_B_ID", b.secretId());
        pb.environment().put("LIVEREC_B_KEY", b.secretKey());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        JsonNode summary = new ObjectMapper().readTree(last);
        assertThat(summary.get("failures")).as(out).isEmpty();
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> exercised = new ArrayList<>();
        summary.get("actions").forEach(n -> exercised.add(n.asText()));
        return new Summary(summary.get("passed").asInt(), exercised, out);
    }
}
