package dev.liverec.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.control.account.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official Tencent Cloud Node.js SDK (interop/node_modules, installed by scripts/test) against the gateway:
 * POST and GET signing with host:port sent and hostname signed, service "127", language, errors.
 */
class NodeSdkGatewayTest {
    @TempDir
    Path dir;

    @Test
    void officialNodeSdkAuthenticates() throws Exception {
        Path sdk = Path.of("interop/node_modules/tencentcloud-sdk-nodejs").toAbsolutePath();
        assumeTrue(Files.isDirectory(sdk), "run `cd interop && npm ci` (scripts/test does)");
        Path script = Path.of("src/test/resources/interop/gateway-smoke.js").toAbsolutePath();
        try (ApiTestServer srv = new ApiTestServer(dir, cfg -> cfg.api.regions = java.util.List.of("ap-guangzhou"))) {
            Credential c = srv.newCredential();
            Process p = new ProcessBuilder("node", script.toString(), sdk.toString(), "127.0.0.1:" + srv.port,
                    c.secretId(), c.secretKey()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Map<String, JsonNode> results = new HashMap<>();
            ObjectMapper m = new ObjectMapper();
            for (String line : out.split("\n")) {
                if (line.startsWith("{")) {
                    JsonNode n = m.readTree(line);
                    results.put(n.get("name").asText(), n);
                }
            }
            assertThat(results).as(out).containsKeys("post", "get", "zh", "badkey", "region");
            assertThat(results.get("post").path("ok").asBoolean()).as(out).isTrue();
            assertThat(results.get("post").path("response").path("Params").path("FlvParam").path("Enable").asInt()).isEqualTo(1);
            assertThat(results.get("get").path("ok").asBoolean()).as(out).isTrue();
            assertThat(results.get("get").path("response").path("Params").path("Ids").get(1).asText()).isEqualTo("b");
            assertThat(results.get("zh").path("code").asText()).isEqualTo("InvalidAction");
            assertThat(results.get("zh").path("message").asText()).containsPattern("\\p{IsHan}");
            assertThat(results.get("badkey").path("code").asText()).isEqualTo("AuthFailure.SignatureFailure");
            assertThat(results.get("region").path("code").asText()).isEqualTo("UnsupportedRegion");
        }
    }
}
