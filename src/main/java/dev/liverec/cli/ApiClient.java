package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.api.Tc3Signer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A TC3-signing client for the liverec / Tencent API (used by {@code liverec call} and {@code liverec bench api}):
 * POST / with a compact JSON body, signed the way the Go SDK does (content-type;host, host with port).
 * The service in the scope is the endpoint's first DNS label, as the Node and Java SDKs derive it.
 */
public final class ApiClient {
    public static final String VERSION = "2018-08-01";
    private final HttpClient http;
    private final URI endpoint;
    private final String host;
    private final String service;
    private final String secretId;
    private final String secretKey;
    private final String region;
    private final String language;

    public ApiClient(HttpClient http, URI endpoint, String secretId, String secretKey, String region, String language) {
        this.http = http;
        this.endpoint = endpoint.getPath() == null || endpoint.getPath().isEmpty() ? endpoint.resolve("/") : endpoint;
        this.host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        String first = endpoint.getHost().split("\\.")[0];
        this.service = first.isEmpty() ? "live" : first;
        this.secretId = secretId;
        this.secretKey = secretKey;
        this.region = region;
        this.language = language;
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The headers of a signed {@code POST /} (Host excluded: the HTTP client sets it to {@link #host()}). */
    public Map<String, String> signedHeaders(String action, byte[] body, long timestamp) {
        String contentType = "application/json";
        Tc3Signer.Signed s = Tc3Signer.sign(secretId, secretKey, service, "POST", host, "", contentType, body, timestamp);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        h.put("Authorization", s.authorization());
        h.put("X-TC-Action", action);
        h.put("X-TC-Version", VERSION);
        h.put("X-TC-Timestamp", Long.toString(timestamp));
        h.put("X-TC-RequestClient", "liverec-cli");
        if (region != null && !region.isEmpty()) h.put("X-TC-Region", region);
        if (language != null && !language.isEmpty()) h.put("X-TC-Language", language);
        return h;
    }

    /** host[:port] as sent and signed. */
    public String host() { return host; }

    public URI endpoint() { return endpoint; }

    public HttpRequest request(String action, byte[] body, long timestamp) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signedHeaders(action, body, timestamp).forEach(b::header);
        return b.build();
    }

    /** Sends and returns the parsed {@code Response} object (an error reply included). */
    public JsonNode call(String action, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(action, body, System.currentTimeMillis() / 1000),
                HttpResponse.BodyHandlers.ofByteArray());
        return parse(r);
    }

    public CompletableFuture<HttpResponse<byte[]>> callAsync(String action, byte[] body) {
        return http.sendAsync(request(action, body, System.currentTimeMillis() / 1000), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static JsonNode parse(HttpResponse<byte[]> r) throws IOException {
        return parse(r.statusCode(), r.body());
    }

    public static JsonNode parse(int status, byte[] body) throws IOException {
        if (status != 200) throw new IOException("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
        JsonNode root = JSON.readTree(body);
        JsonNode resp = root == null ? null : root.get("Response");
        if (resp == null) throw new IOException("not an API reply: " + new String(body, StandardCharsets.UTF_8));
        return resp;
    }
}
