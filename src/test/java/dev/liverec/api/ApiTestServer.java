package dev.liverec.api;

import dev.liverec.app.ApiModule;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** A real server (gateway + test actions, HTTP on port 0, temp data dir) and helpers to sign requests to it. */
final class ApiTestServer implements AutoCloseable {
    final LiverecServer server;
    final AccountStore store;
    final int port;

    ApiTestServer(Path dir, Consumer<LiverecConfig> tweak) throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.port = 0;
        cfg.http.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        tweak.accept(cfg);
        server = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(new ApiModule(ctx), new TestActions(ctx)));
        store = server.module(ApiModule.class).accounts().store();
        port = server.httpPort();
    }

    /** A fresh account with one credential (own rate-limit buckets, own cache entry). */
    Credential newCredential() {
        Account a = store.findOrCreateAccount("t-" + UUID.randomUUID().toString().substring(0, 8));
        return store.createCredential(a.id());
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** Headers of a TC3 POST signed Go-style (host with port, application/json). */
    Map<String, String> tc3Headers(Credential c, String action, byte[] body, long ts) {
        return tc3Headers(c.secretId(), c.secretKey(), action, "application/json", host(), host(), body, ts);
    }

    static Map<String, String> tc3Headers(String secretId, String secretKey, String action, String contentType,
                                          String sentHost, String signedHost, byte[] body, long ts) {
        Tc3Signer.Signed s = Tc3Signer.sign(secretId, secretKey, "live", "POST", signedHost, "", contentType, body, ts);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", sentHost);
        h.put("Content-Type", contentType);
        h.put("Authorization", s.authorization());
        h.put("X-TC-Action", action);
        h.put("X-TC-Version", "2018-08-01");
        h.put("X-TC-Timestamp", Long.toString(ts));
        return h;
    }

    RawHttp.Reply post(Map<String, String> headers, byte[] body) throws Exception {
        return RawHttp.send(port, "POST", "/", headers, body);
    }

    RawHttp.Reply postJson(Credential c, String action, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return post(tc3Headers(c, action, body, now()), body);
    }

    @Override
    public void close() {
        server.close();
    }
}
