package dev.liverec.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.control.account.AccountState;
import dev.liverec.control.account.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.liverec.api.ApiTestServer.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway over real HTTP: one test per acceptance or rejection rule. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiGatewayTest {
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    ApiTestServer srv;

    @BeforeAll
    void start() throws Exception {
        srv = new ApiTestServer(dir, cfg -> {
            cfg.api.rateLimitPerSecond = 5;
            cfg.api.maxBodyBytes = 8192;
            cfg.api.regions = List.of("ap-guangzhou", "ap-shanghai");
        });
    }

    @AfterAll
    void stop() {
        srv.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signedJsonPostReachesTheActionWithEnvelopeAndRequestId() throws Exception {
        Credential c = srv.newCredential();
        RawHttp.Reply r = srv.postJson(c, "TestEcho", "{\"StreamName\":\"s1\",\"List\":[1,2]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        JsonNode resp = r.response();
        assertThat(resp.has("Error")).as(r.text()).isFalse();
        assertThat(resp.path("Params").path("StreamName").asText()).isEqualTo("s1");
        assertThat(resp.path("Params").path("List").size()).isEqualTo(2);
        assertThat(resp.path("RequestId").asText()).matches("[0-9a-f-]{36}");
        assertThat(resp.path("Language").asText()).isEqualTo("en-US");
    }

    @Test
    void smallRepliesAreNotCompressedLargeOnesMayBe() throws Exception {
        Credential c = srv.newCredential();
        byte[] small = utf8("{}");
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", small, now());
        h.put("Accept-Encoding", "gzip");
        RawHttp.Reply r = srv.post(h, small);
        assertThat(r.headers().get("content-encoding")).isNotEqualTo("gzip");
        assertThat(r.errorCode()).isNull();
        byte[] big = utf8("{\"Pad\":\"" + "x".repeat(4000) + "\"}");
        Map<String, String> hb = srv.tc3Headers(c, "TestEcho", big, now());
        hb.put("Accept-Encoding", "gzip");
        assertThat(srv.post(hb, big).headers().get("content-encoding")).isEqualTo("gzip");
    }

    @Test
    void wrongKeyIsSignatureFailure() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> h = ApiTestServer.tc3Headers(c.secretId(), c.secretKey() + "x", "TestEcho",
                "application/json", srv.host(), srv.host(), EMPTY, now());
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void unknownSecretIdIsSecretIdNotFound() throws Exception {
        Map<String, String> h = ApiTestServer.tc3Headers("AKIDnotthere0000000000000000000000", "k", "TestEcho",
                "application/json", srv.host(), srv.host(), EMPTY, now());
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
    }

    @Test
    void disabledCredentialStopsWorkingWithinOneSecond() throws Exception {
        Credential c = srv.newCredential();
        assertThat(srv.postJson(c, "TestEcho", "{}").errorCode()).isNull(); // now cached
        long disabledAt = System.nanoTime();
        srv.store.setEnabled(c.secretId(), false); // straight in the database, as the CLI does from another process
        // the cache keeps a credential at most 1 s (AccountDirectoryTest checks the bound exactly); slack for a busy CI
        await().atMost(Duration.ofMillis(2500)).pollInterval(Duration.ofMillis(50))
                .until(() -> "AuthFailure.SecretIdNotFound".equals(srv.postJson(c, "TestEcho", "{}").errorCode()));
        assertThat(Duration.ofNanos(System.nanoTime() - disabledAt)).isGreaterThan(Duration.ZERO);
    }

    @Test
    void timestampTooOldOrTooNewIsSignatureExpire() throws Exception {
        Credential c = srv.newCredential();
        for (long ts : new long[] {now() - 400, now() + 400}) {
            assertThat(srv.post(srv.tc3Headers(c, "TestEcho", EMPTY, ts), EMPTY).errorCode())
                    .as("ts offset %d", ts - now()).isEqualTo("AuthFailure.SignatureExpire");
        }
        assertThat(srv.post(srv.tc3Headers(c, "TestEcho", EMPTY, now() - 250), EMPTY).errorCode()).isNull();
        assertThat(srv.post(srv.tc3Headers(c, "TestEcho", EMPTY, now() + 250), EMPTY).errorCode()).isNull();
    }

    @Test
    void tamperedBodyIsSignatureFailure() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", utf8("{\"EndTime\":100}"), now());
        assertThat(srv.post(h, utf8("{\"EndTime\":900}")).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(srv.post(h, utf8("{\"EndTime\":100}")).errorCode()).isNull();
    }

    @Test
    void unsignedPayloadSkipsTheBodyHash() throws Exception {
        Credential c = srv.newCredential();
        long ts = now();
        List<Tc3Signer.Header> signed = List.of(new Tc3Signer.Header("content-type", "application/json"),
                new Tc3Signer.Header("host", srv.host()));
        Tc3Signer.Signed s = Tc3Signer.sign(c.secretId(), c.secretKey(), "live", "POST", "", signed,
                Tc3Signer.sha256Hex("UNSIGNED-PAYLOAD"), ts);
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, ts);
        h.put("Authorization", s.authorization());
        assertThat(srv.post(h, utf8("{\"A\":1}")).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        h.put("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD");
        assertThat(srv.post(h, utf8("{\"A\":1}")).errorCode()).isNull();
    }

    @Test
    void credentialDateMustBeTheUtcDateOfTheTimestamp() throws Exception {
        Credential c = srv.newCredential();
        long ts = now();
        String wrongDate = Tc3Signer.utcDate(ts - 86_400);
        // a signature that is correct for its (wrong) scope
        String canonical = Tc3Signer.canonicalRequest("POST", "", List.of(new Tc3Signer.Header("content-type", "application/json"),
                new Tc3Signer.Header("host", srv.host())), Tc3Signer.sha256Hex(EMPTY));
        String scope = Tc3Signer.credentialScope(wrongDate, "live");
        String sig = Tc3Signer.signature(Tc3Signer.signingKey(c.secretKey(), wrongDate, "live"),
                Tc3Signer.stringToSign(ts, scope, canonical));
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, ts);
        h.put("Authorization", "TC3-HMAC-SHA256 Credential=" + c.secretId() + "/" + scope
                + ", SignedHeaders=content-type;host, Signature=" + sig);
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void malformedAuthorizationIsInvalidAuthorization() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> good = srv.tc3Headers(c, "TestEcho", EMPTY, now());
        String auth = good.get("Authorization");
        List<String> bad = List.of(
                "Basic dXNlcjpwYXNz",
                auth.replace("TC3-HMAC-SHA256", "TC3-HMAC-SHA1"),
                auth.replace("/tc3_request", "/tc4_request"),
                auth.replace("Credential=", "Cred="),
                auth.replaceAll("Signature=[0-9a-f]+", "Signature=xyz"),
                auth.replaceAll(", SignedHeaders=[^,]+", ""),
                "TC3-HMAC-SHA256 garbage");
        for (String a : bad) {
            Map<String, String> h = new LinkedHashMap<>(good);
            h.put("Authorization", a);
            assertThat(srv.post(h, EMPTY).errorCode()).as(a).isEqualTo("AuthFailure.InvalidAuthorization");
        }
        Map<String, String> none = new LinkedHashMap<>(good);
        none.remove("Authorization");
        assertThat(srv.post(none, EMPTY).errorCode()).isEqualTo("AuthFailure.InvalidAuthorization");
    }

    @Test
    void hostIsCheckedAsSentThenWithoutPort() throws Exception {
        Credential c = srv.newCredential();
        byte[] body = utf8("{\"X\":1}");
        long ts = now();
        // Go/Java style: signs host:port
        assertThat(srv.post(ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho", "application/json",
                srv.host(), srv.host(), body, ts), body).errorCode()).isNull();
        // Node style: sends host:port, signs the hostname only
        assertThat(srv.post(ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho", "application/json",
                srv.host(), "127.0.0.1", body, ts), body).errorCode()).isNull();
        // any other host is a signature failure
        assertThat(srv.post(ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho", "application/json",
                srv.host(), "127.0.0.2", body, ts), body).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(srv.post(ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho", "application/json",
                srv.host(), "127.0.0.1:1", body, ts), body).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void contentTypeIsSignedExactlyAsSent() throws Exception {
        Credential c = srv.newCredential();
        long ts = now();
        String javaStyle = "application/json; charset=utf-8";
        Map<String, String> h = ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho", javaStyle,
                srv.host(), srv.host(), EMPTY, ts);
        assertThat(srv.post(h, EMPTY).errorCode()).isNull();
        h.put("Content-Type", "application/json"); // signed with the charset, sent without
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void headerValuesLowercasedForSigningAreAccepted() throws Exception {
        // the docs lowercase canonical header values; a client that does so while sending mixed case still verifies
        Credential c = srv.newCredential();
        long ts = now();
        Map<String, String> h = ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho", "application/json",
                srv.host(), srv.host(), EMPTY, ts);
        h.put("Content-Type", "Application/JSON");
        assertThat(srv.post(h, EMPTY).errorCode()).isNull();
    }

    @Test
    void extraSignedHeadersAreHonoured() throws Exception {
        Credential c = srv.newCredential();
        long ts = now();
        List<Tc3Signer.Header> signed = List.of(new Tc3Signer.Header("content-type", "application/json"),
                new Tc3Signer.Header("host", srv.host()), new Tc3Signer.Header("x-tc-action", "TestEcho"));
        Tc3Signer.Signed s = Tc3Signer.sign(c.secretId(), c.secretKey(), "live", "POST", "", signed, Tc3Signer.sha256Hex(EMPTY), ts);
        assertThat(s.authorization()).contains("SignedHeaders=content-type;host;x-tc-action");
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, ts);
        h.put("Authorization", s.authorization());
        assertThat(srv.post(h, EMPTY).errorCode()).isNull();
        h.put("X-TC-Action", "TestStrict");
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void tc3GetWithQueryIsUnflattened() throws Exception {
        Credential c = srv.newCredential();
        long ts = now();
        String query = "StreamName=s%201&FlvParam.Enable=1&Ids.0=a&Ids.1=b";
        String ct = "application/x-www-form-urlencoded";
        Tc3Signer.Signed s = Tc3Signer.sign(c.secretId(), c.secretKey(), "live", "GET", srv.host(), query, ct, new byte[0], ts);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", srv.host());
        h.put("Content-Type", ct);
        h.put("Authorization", s.authorization());
        h.put("X-TC-Action", "TestEcho");
        h.put("X-TC-Version", "2018-08-01");
        h.put("X-TC-Timestamp", Long.toString(ts));
        RawHttp.Reply r = RawHttp.send(srv.port, "GET", "/?" + query, h, null);
        JsonNode p = r.response().path("Params");
        assertThat(r.errorCode()).as(r.text()).isNull();
        assertThat(p.path("StreamName").asText()).isEqualTo("s 1");
        assertThat(p.path("FlvParam").path("Enable").asText()).isEqualTo("1");
        assertThat(p.path("Ids").get(1).asText()).isEqualTo("b");
        // the query is part of the signature
        RawHttp.Reply tampered = RawHttp.send(srv.port, "GET", "/?" + query.replace("s%201", "s%202"), h, null);
        assertThat(tampered.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void tc3FormPostIsUnflattenedAndCommonParamsRemoved() throws Exception {
        Credential c = srv.newCredential();
        byte[] body = utf8("Name=x&HlsParam.RecordInterval=1800&Region=ap-guangzhou&Language=en-US");
        Map<String, String> h = ApiTestServer.tc3Headers(c.secretId(), c.secretKey(), "TestEcho",
                "application/x-www-form-urlencoded", srv.host(), srv.host(), body, now());
        RawHttp.Reply r = srv.post(h, body);
        JsonNode p = r.response().path("Params");
        assertThat(r.errorCode()).as(r.text()).isNull();
        assertThat(p.path("HlsParam").path("RecordInterval").asText()).isEqualTo("1800");
        assertThat(p.has("Region")).isFalse();
        assertThat(p.has("Language")).isFalse();
        assertThat(r.response().path("Region").asText()).isEqualTo("ap-guangzhou");
    }

    private Map<String, String> v1Params(Credential c, String action, String method) {
        Map<String, String> p = new TreeMap<>();
        p.put("Action", action);
        p.put("Version", "2018-08-01");
        p.put("Region", "ap-guangzhou");
        p.put("Timestamp", Long.toString(now()));
        p.put("Nonce", "4242");
        p.put("SecretId", c.secretId());
        p.put("StreamName", "s+1/2");
        p.put("FlvParam.Enable", "1");
        if (method != null) p.put("SignatureMethod", method);
        return p;
    }

    private static String encode(Map<String, String> p) {
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    @Test
    void v1GetWithHmacSha1AndSha256() throws Exception {
        for (String method : new String[] {null, "HmacSHA256"}) {
            Credential c = srv.newCredential();
            Map<String, String> p = v1Params(c, "TestEcho", method);
            p.put("Signature", V1Signer.sign(c.secretKey(), method, V1Signer.stringToSign("GET", srv.host(), "/", p)));
            RawHttp.Reply r = RawHttp.send(srv.port, "GET", "/?" + encode(p), Map.of("Host", srv.host()), null);
            assertThat(r.errorCode()).as(r.text()).isNull();
            JsonNode params = r.response().path("Params");
            assertThat(params.path("StreamName").asText()).isEqualTo("s+1/2");
            assertThat(params.path("FlvParam").path("Enable").asText()).isEqualTo("1");
            for (String common : ApiDispatcher.COMMON_PARAMS) assertThat(params.has(common)).as(common).isFalse();

            p.put("Nonce", "4243"); // changed after signing
            RawHttp.Reply bad = RawHttp.send(srv.port, "GET", "/?" + encode(p), Map.of("Host", srv.host()), null);
            assertThat(bad.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
        }
    }

    @Test
    void v1FormPostAndExpiry() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> p = v1Params(c, "TestEcho", "HmacSHA256");
        p.put("Signature", V1Signer.sign(c.secretKey(), "HmacSHA256", V1Signer.stringToSign("POST", srv.host(), "/", p)));
        Map<String, String> h = Map.of("Host", srv.host(), "Content-Type", "application/x-www-form-urlencoded");
        assertThat(srv.post(h, utf8(encode(p))).errorCode()).isNull();

        Map<String, String> old = v1Params(c, "TestEcho", null);
        old.put("Timestamp", Long.toString(now() - 1000));
        old.put("Signature", V1Signer.sign(c.secretKey(), null, V1Signer.stringToSign("POST", srv.host(), "/", old)));
        assertThat(srv.post(h, utf8(encode(old))).errorCode()).isEqualTo("AuthFailure.SignatureExpire");
    }

    @Test
    void tokensAreRejectedUnlessAllowed() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, now());
        h.put("X-TC-Token", "sts-token");
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("AuthFailure.TokenFailure");

        Map<String, String> p = v1Params(c, "TestEcho", null);
        p.put("Token", "sts-token");
        p.put("Signature", V1Signer.sign(c.secretKey(), null, V1Signer.stringToSign("GET", srv.host(), "/", p)));
        RawHttp.Reply r = RawHttp.send(srv.port, "GET", "/?" + encode(p), Map.of("Host", srv.host()), null);
        assertThat(r.errorCode()).isEqualTo("AuthFailure.TokenFailure");
    }

    @Test
    void rateLimitIsPerCredentialAndAction() throws Exception {
        Credential c = srv.newCredential();
        int okBeforeLimit = 0;
        boolean limited = false;
        long t0 = System.nanoTime();
        for (int i = 0; i < 200 && !limited; i++) {
            String code = srv.postJson(c, "TestEcho", "{}").errorCode();
            if ("RequestLimitExceeded".equals(code)) limited = true;
            else if (code == null) okBeforeLimit++;
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        assertThat(limited).isTrue();
        // a burst of 5 (one second's worth), plus what refilled at 5/s meanwhile
        assertThat(okBeforeLimit).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(5 + (int) Math.ceil(elapsed * 5));
        // another action and another credential have their own buckets
        assertThat(srv.postJson(c, "TestStrict", "{\"Name\":\"x\"}").errorCode()).isNull();
        assertThat(srv.postJson(srv.newCredential(), "TestEcho", "{}").errorCode()).isNull();
    }

    @Test
    void oversizedBodyAndQueryAreRequestSizeLimitExceeded() throws Exception {
        Credential c = srv.newCredential();
        byte[] big = utf8("{\"Pad\":\"" + "x".repeat(9000) + "\"}");
        RawHttp.Reply r = srv.post(srv.tc3Headers(c, "TestEcho", big, now()), big);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.errorCode()).isEqualTo("RequestSizeLimitExceeded");
        assertThat(r.response().path("RequestId").asText()).isNotEmpty();
        byte[] fits = utf8("{\"Pad\":\"" + "x".repeat(8000) + "\"}");
        assertThat(srv.post(srv.tc3Headers(c, "TestEcho", fits, now()), fits).errorCode()).isNull();

        Map<String, String> p = v1Params(c, "TestEcho", null);
        p.put("Pad", "y".repeat(33 * 1024));
        p.put("Signature", V1Signer.sign(c.secretKey(), null, V1Signer.stringToSign("GET", srv.host(), "/", p)));
        RawHttp.Reply q = RawHttp.send(srv.port, "GET", "/?" + encode(p), Map.of("Host", srv.host()), null);
        assertThat(q.status()).isEqualTo(200);
        assertThat(q.errorCode()).isEqualTo("RequestSizeLimitExceeded");
    }

    @Test
    void chunkedOversizedBodyIsRefusedToo() throws Exception {
        Credential c = srv.newCredential();
        byte[] big = utf8("{\"Pad\":\"" + "x".repeat(20000) + "\"}");
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", big, now());
        h.put("Transfer-Encoding", "chunked");
        String chunked = Integer.toHexString(big.length) + "\r\n" + new String(big, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n";
        RawHttp.Reply r = RawHttp.send(srv.port, "POST", "/", h, utf8(chunked));
        assertThat(r.errorCode()).isEqualTo("RequestSizeLimitExceeded");
    }

    @Test
    void regionMustBeConfiguredWhenGiven() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, now());
        assertThat(srv.post(h, EMPTY).errorCode()).isNull(); // absent: allowed
        // a signature is good for one request (issue 10, R2): each region gets its own
        h = srv.tc3Headers(c, "TestEcho", EMPTY, now() - 1);
        h.put("X-TC-Region", "ap-shanghai");
        assertThat(srv.post(h, EMPTY).errorCode()).isNull();
        h = srv.tc3Headers(c, "TestEcho", EMPTY, now() - 2);
        h.put("X-TC-Region", "eu-frankfurt");
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("UnsupportedRegion");
    }

    @Test
    void versionMustBe20180801() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, now());
        h.put("X-TC-Version", "2017-03-12");
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("NoSuchVersion");
        h.remove("X-TC-Version");
        assertThat(srv.post(h, EMPTY).errorCode()).isEqualTo("MissingParameter");
    }

    @Test
    void unknownOrMissingAction() throws Exception {
        Credential c = srv.newCredential();
        assertThat(srv.postJson(c, "NoSuchThing", "{}").errorCode()).isEqualTo("InvalidAction");
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", EMPTY, now());
        h.remove("X-TC-Action");
        RawHttp.Reply r = srv.post(h, EMPTY);
        assertThat(r.errorCode()).isEqualTo("MissingParameter");
        assertThat(r.response().path("Error").path("Message").asText()).contains("X-TC-Action");
    }

    @Test
    void unknownAndMissingParametersFromTheAction() throws Exception {
        Credential c = srv.newCredential();
        assertThat(srv.postJson(c, "TestStrict", "{\"Name\":\"a\",\"Nmae\":\"b\"}").errorCode()).isEqualTo("UnknownParameter");
        assertThat(srv.postJson(c, "TestStrict", "{}").errorCode()).isEqualTo("MissingParameter");
        assertThat(srv.postJson(c, "TestStrict", "[1]").errorCode()).isEqualTo("InvalidParameter");
        assertThat(srv.postJson(c, "TestStrict", "{bad").errorCode()).isEqualTo("InvalidParameter");
    }

    @Test
    void languageSelectsChineseOrEnglishMessages() throws Exception {
        Credential c = srv.newCredential();
        Map<String, String> h = srv.tc3Headers(c, "NoSuchThing", EMPTY, now());
        h.put("X-TC-Language", "zh-CN");
        String zh = srv.post(h, EMPTY).response().path("Error").path("Message").asText();
        h.put("X-TC-Language", "en-US");
        String en = srv.post(h, EMPTY).response().path("Error").path("Message").asText();
        assertThat(zh).contains("NoSuchThing").containsPattern("\\p{IsHan}");
        assertThat(en).contains("NoSuchThing").doesNotContainPattern("\\p{IsHan}");

        // auth errors too, and the action's parameter errors keep the parameter name
        Map<String, String> bad = ApiTestServer.tc3Headers(c.secretId(), "wrong", "TestEcho", "application/json",
                srv.host(), srv.host(), EMPTY, now());
        bad.put("X-TC-Language", "zh-CN");
        assertThat(srv.post(bad, EMPTY).response().path("Error").path("Message").asText()).containsPattern("\\p{IsHan}");
        byte[] body = utf8("{\"Nmae\":\"b\"}");
        Map<String, String> strict = srv.tc3Headers(c, "TestStrict", body, now());
        strict.put("X-TC-Language", "zh-CN");
        RawHttp.Reply r = srv.post(strict, body);
        assertThat(r.errorCode()).isEqualTo("UnknownParameter");
        assertThat(r.response().path("Error").path("Message").asText()).contains("Nmae").containsPattern("\\p{IsHan}");
        // the action sees the language
        Map<String, String> echo = srv.tc3Headers(c, "TestEcho", EMPTY, now());
        echo.put("X-TC-Language", "zh-CN");
        assertThat(srv.post(echo, EMPTY).response().path("Language").asText()).isEqualTo("zh-CN");
    }

    @Test
    void accountStatesMapToResourceNotFoundCodes() throws Exception {
        for (AccountState state : AccountState.values()) {
            if (state == AccountState.ACTIVE) continue;
            Credential c = srv.newCredential();
            String name = srv.store.listCredentials(null).stream().filter(i -> i.secretId().equals(c.secretId()))
                    .findFirst().orElseThrow().accountName();
            assertThat(srv.store.setState(name, state)).isTrue();
            assertThat(srv.postJson(c, "TestEcho", "{}").errorCode()).as(state.name()).isEqualTo(FailureCodes.refused(state));
        }
    }

    @Test
    void internalErrorsHideTheirDetails() throws Exception {
        Credential c = srv.newCredential();
        RawHttp.Reply r = srv.postJson(c, "TestBoom", "{}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.errorCode()).isEqualTo("InternalError");
        String requestId = r.response().path("RequestId").asText();
        assertThat(r.text()).doesNotContain("hunter2").doesNotContain("jdbc").doesNotContain("IllegalState")
                .doesNotContain("at dev.liverec");
        assertThat(r.response().path("Error").path("Message").asText()).contains(requestId);
    }

    @Test
    void metricsCountRequestsByActionAndCode() throws Exception {
        Credential c = srv.newCredential();
        srv.postJson(c, "TestStrict", "{\"Name\":\"m\"}");
        srv.postJson(c, "TestStrict", "{}");
        String scrape = srv.server.context().metrics().scrape();
        assertThat(scrape).containsPattern("liverec_api_requests_total\\{action=\"TestStrict\",code=\"OK\"[^}]*} [1-9]");
        assertThat(scrape).containsPattern("liverec_api_requests_total\\{action=\"TestStrict\",code=\"MissingParameter\"");
        assertThat(scrape).contains("liverec_api_request_seconds_count{action=\"TestStrict\"");
    }

    @Test
    void otherMethodsAreUnsupportedProtocol() throws Exception {
        Credential c = srv.newCredential();
        RawHttp.Reply r = RawHttp.send(srv.port, "PUT", "/", srv.tc3Headers(c, "TestEcho", EMPTY, now()), EMPTY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.errorCode()).isEqualTo("UnsupportedProtocol");
    }

    @Test
    void plainGetWithoutActionIsLeftToOtherRoutes() throws Exception {
        RawHttp.Reply r = RawHttp.send(srv.port, "GET", "/", Map.of("Host", srv.host()), null);
        assertThat(r.status()).isIn(404, 405); // no later route in this test server: Vert.x's own answer, not the API's
    }
}
