package dev.liverec.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.control.account.Credential;
import dev.liverec.cli.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that offers HTTP/2 (Java's default HttpClient sends an h2c upgrade on plain HTTP) must authenticate like
 * an HTTP/1.1 one: the Host it signed is the one the server verifies. (The server now declines h2c, see
 * web.HttpConnectionGuard, so the client carries on in HTTP/1.1; HTTP/2 would still verify :authority.)
 */
class Http2UpgradeTest {
    @TempDir
    Path dir;

    @Test
    void defaultJavaHttpClientAuthenticates() throws Exception {
        try (ApiTestServer srv = new ApiTestServer(dir, cfg -> {})) {
            Credential c = srv.newCredential();
            HttpClient h2 = HttpClient.newHttpClient(); // Version.HTTP_2: h2c upgrade offered
            ApiClient client = new ApiClient(h2, URI.create("http://127.0.0.1:" + srv.port), c.secretId(),
                    c.secretKey(), null, null);
            for (int i = 0; i < 3; i++) { // the upgrade is offered on the first request
                JsonNode r = client.call("DescribeLiveRecordTemplates", "{}".getBytes(StandardCharsets.UTF_8));
                assertThat(r.path("Error").path("Code").asText()).as(r.toString()).isNotEqualTo("AuthFailure.SignatureFailure");
            }
        }
    }
}
