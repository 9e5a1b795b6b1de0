package dev.liverec.interop;

import dev.liverec.app.ApiModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;
import dev.liverec.api.ApiAction;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.ControlModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official Tencent Cloud Node.js SDK, unchanged, against a full liverec node (every default module, HTTP and
 * RTMP on port 0, temp data dir): {@code interop/sdk-interop.mjs} runs every control-plane action with two
 * accounts, success and error paths (including one account trying to see, stop and delete the other's task), and
 * prints a JSON summary that is checked here.
 */
class NodeSdkControlPlaneTest {
    @TempDir
    Path dir;

    @Test
    void everyControlActionThroughTheNodeSdk() throws Exception {
        Path script = Path.of("interop/sdk-interop.mjs").toAbsolutePath();
        assumeTrue(Files.isDirectory(Path.of("interop/node_modules/tencentcloud-sdk-nodejs")),
                "run `cd interop && npm ci` (scripts/test does)");
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.port = 0;
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
            AccountStore accounts = server.module(ApiModule.class).accounts().store();
            Credential a = accounts.createCredential(accounts.findOrCreateAccount("sdk-alice").id());
            Credential b = accounts.createCredential(accounts.findOrCreateAccount("sdk-bob").id());
            ProcessBuilder pb = new ProcessBuilder("node", script.toString()).directory(script.getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("LIVEREC_ENDPOINT", "127.0.0.1:" + server.httpPort());
            pb.environment().put("LIVEREC_A_ID", a.secretId());
            pb.environment().put("LIVEREC_A_KEY", a.secretKey());
            pb.environment().put("LIVEREC_B_ID", b.secretId());
            pb.environment().put("LIVEREC_B_KEY", b.secretKey());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String last = out.substring(out.lastIndexOf('\n') + 1);
            JsonNode summary = new ObjectMapper().readTree(last);
            assertThat(summary.get("failures")).as(out).isEmpty();
            assertThat(summary.get("failed").asInt()).isZero();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(summary.get("passed").asInt()).isGreaterThanOrEqualTo(110); // every check in the script

            List<String> exercised = new ArrayList<>();
            summary.get("actions").forEach(n -> exercised.add(n.asText()));
            List<String> mine = ControlModule.actions(null, null).stream().map(ApiAction::name).toList();
            assertThat(exercised).containsAll(mine);
            assertThat(server.context().actions().names()).containsAll(mine);
        }
    }
}
