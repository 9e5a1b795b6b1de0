package dev.liverec.web;

import dev.liverec.app.RtmpModule;
import dev.liverec.app.ApiModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.FirstRunSetup;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.Credential;
import dev.liverec.api.Tc3Signer;
import dev.liverec.config.LiverecConfig;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.app.LiverecServer;
import dev.liverec.control.RecordFormat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A full node for the web tests (every default module, ports 0, temp data dir) with one account and its API. */
final class NodeFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final LiverecServer server;
    final Credential cred;
    private Credential as;
    final int httpPort;
    final int rtmpPort;

    NodeFixture(Path dir, Consumer<LiverecConfig> tweak) throws Exception {
        this(dir, tweak, false);
    }

    /** With {@code soleAccount}, the API account is the first-run one, so the install has one account (README). */
    NodeFixture(Path dir, Consumer<LiverecConfig> tweak, boolean soleAccount) throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        tweak.accept(cfg);
        server = LiverecServer.start(cfg, Clock.systemUTC());
        httpPort = server.httpPort();
        rtmpPort = server.module(RtmpModule.class).server().port();
        var store = server.module(ApiModule.class).accounts().store();
        Account account = store.findOrCreateAccount(soleAccount ? FirstRunSetup.DEFAULT_ACCOUNT
                : "web-" + Long.toHexString(System.nanoTime()));
        cred = store.createCredential(account.id());
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A push domain of the account, without push authentication (ffmpeg pushes plain URLs). */
    void addDomain(String domain) throws Exception {
        api("AddLiveDomain", Map.of("DomainName", domain, "DomainType", 0));
        api("ModifyLivePushAuthKey", Map.of("DomainName", domain, "Enable", 0));
    }

    String pushUrl(String domain, String app, String stream) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/" + app + "/" + stream + "?domain=" + domain;
    }

    /** One signed API call (TC3, as the SDKs send it); fails the test on an error response. */
    JsonNode api(String action, Map<String, Object> params) throws Exception {
        JsonNode resp = call(action, params);
        assertThat(resp.has("Error")).as(action + ": " + resp).isFalse();
        return resp;
    }

    /** A second account's credential (isolation checks). */
    Credential otherAccount() {
        var store = server.module(ApiModule.class).accounts().store();
        return store.createCredential(store.findOrCreateAccount("other-" + Long.toHexString(System.nanoTime())).id());
    }

    /** Calls as another credential. */
    JsonNode callAs(Credential c, String action, Map<String, Object> params) throws Exception {
        Credential saved = as;
        as = c;
        try {
            return call(action, params);
        } finally {
            as = saved;
        }
    }

    JsonNode call(String action, Map<String, Object> params) throws Exception {
        Credential cred = as != null ? as : this.cred;
        byte[] body = JSON.writeValueAsBytes(params);
        long ts = System.currentTimeMillis() / 1000;
        String host = "127.0.0.1:" + httpPort;
        Tc3Signer.Signed s = Tc3Signer.sign(cred.secretId(), cred.secretKey(), "live", "POST", host, "",
                "application/json", body, ts);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + "/"))
                .header("Content-Type", "application/json").header("Authorization", s.authorization())
                .header("X-TC-Action", action).header("X-TC-Version", "2018-08-01")
                .header("X-TC-Timestamp", Long.toString(ts)).header("X-TC-Region", "ap-guangzhou")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).path("Response");
    }

    String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Whether this build's recording engine has an HLS writer (the format writers land separately). */
    static boolean recordsHls() {
        try {
            var m = Class.forName("dev.liverec.record.OutputFormats").getDeclaredMethod("available");
            m.setAccessible(true);
            return ((Map<?, ?>) m.invoke(null)).containsKey(RecordFormat.HLS);
        } catch (ReflectiveOperationException e) {
            return true; // the engine changed shape: assume it records and let the test tell
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
