package dev.liverec.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /} from curl or a browser gets told where things are; the API keeps {@code /} for signed requests. */
class LandingPageTest {
    @TempDir
    Path dir;

    private NodeFixture node;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void curlGetsDirectionsABrowserGetsTheConsoleAndTheApiKeepsItsRoute() throws Exception {
        node = new NodeFixture(dir, cfg -> {});
        URI root = URI.create(node.url() + "/");

        HttpResponse<String> curl = send(HttpRequest.newBuilder(root).header("Accept", "*/*"));
        assertThat(curl.statusCode()).isEqualTo(200);
        assertThat(curl.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(curl.body()).contains("/console/", "POST /", "2018-08-01", "/metrics", "/healthz");

        HttpResponse<String> browser = send(HttpRequest.newBuilder(root)
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValue("/console/");

        // a GET carrying API parameters is still the API (an error envelope here: unsigned)
        HttpResponse<String> api = send(HttpRequest.newBuilder(URI.create(node.url() + "/?Action=DescribeRecordTasks")));
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(api.body()).contains("\"Response\"", "\"Error\"");
        HttpResponse<String> put = send(HttpRequest.newBuilder(root).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(put.body()).contains("\"Error\"");
    }
}
