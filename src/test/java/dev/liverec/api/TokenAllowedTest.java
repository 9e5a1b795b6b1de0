package dev.liverec.api;

import dev.liverec.control.account.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With api.allowToken a session token is tolerated (ignored); without it, see ApiGatewayTest (TokenFailure). */
class TokenAllowedTest {
    @TempDir
    Path dir;

    @Test
    void tokenIsAcceptedWhenConfigured() throws Exception {
        try (ApiTestServer srv = new ApiTestServer(dir, cfg -> cfg.api.allowToken = true)) {
            Credential c = srv.newCredential();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> h = srv.tc3Headers(c, "TestEcho", body, ApiTestServer.now());
            h.put("X-TC-Token", "sts-token");
            assertThat(srv.post(h, body).errorCode()).isNull();
        }
    }
}
