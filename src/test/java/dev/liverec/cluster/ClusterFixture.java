package dev.liverec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.app.ApiModule;
import dev.liverec.app.ControlModule;
import dev.liverec.app.HistoryModule;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import dev.liverec.app.TestNodes;
import dev.liverec.app.WebModule;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.DbConfig;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.PushAuth;
import dev.liverec.control.account.AccountStore;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.RtmpPublisher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes for the cluster tests: real {@link LiverecServer}s (API, control plane, RTMP, web, history) on one database with
 * a short lease, alice's push domain with push auth, signed publishers, and a kill that leaves no clean-up behind.
 */
final class ClusterFixture implements AutoCloseable {
    static final String DOMAIN = "alice.example";
    static final long LEASE_MS = 4_000;
    static final long BEAT_MS = 500;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ClientLoops loops = ClientLoops.create(1);
    private final FlvFile file;
    private String pushKey;

    ClusterFixture(Path dir) throws Exception {
        this.dir = dir;
        this.file = FlvFile.read(Ffmpeg.clip("av-nobf", 6));
    }

    LiverecConfig config(String id, DbConfig db, String conflictPolicy) {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.resolve(id + "-" + SEQ.incrementAndGet()).toString();
        cfg.nodeName = id;
        cfg.db = db;
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.rtmp.publisherConflict = conflictPolicy;
        cfg.api.rateLimitPerSecond = 0;
        cfg.cluster.leaseMillis = LEASE_MS;
        cfg.cluster.heartbeatMillis = BEAT_MS;
        return cfg;
    }

    LiverecServer node(String id, DbConfig db, String conflictPolicy) throws Exception {
        return node(config(id, db, conflictPolicy));
    }

    LiverecServer node(LiverecConfig cfg) throws Exception {
        LiverecServer n = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> {
            ApiModule api = new ApiModule(ctx);
            ControlModule control = new ControlModule(ctx, TestNodes.USABLE);
            RtmpModule rtmp = new RtmpModule(ctx, control.domains());
            return List.of(api, control, rtmp, new WebModule(ctx, TestNodes.USABLE, rtmp.server(), control.plan()),
                    new HistoryModule(ctx, control.controlPlane()));
        });
        open.add(n);
        return n;
    }

    /**
     * kill -9 as far as the cluster can tell: the node's database pool goes first, so it neither renews its lease
     * nor withdraws its streams or ends its pushes (its publishers lose their connection, as with a dead process).
     */
    static void kill(LiverecServer n) {
        n.context().db().close();
        n.close();
    }

    /** alice's API client on {@code node}, after registering her push domain (push auth on) once. */
    ApiClient alice(LiverecServer node) throws Exception {
        AccountStore accounts = node.module(ApiModule.class).accounts().store();
        var c = accounts.createCredential(accounts.findOrCreateAccount("alice").id());
        ApiClient client = new ApiClient(ApiClient.defaultHttpClient(), URI.create("http://127.0.0.1:" + node.httpPort() + "/"),
                c.secretId(), c.secretKey(), "", "");
        if (pushKey == null) {
            ok(client, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
            pushKey = ok(client, "DescribeLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\"}")
                    .path("PushAuthKeyInfo").path("MasterAuthKey").asText();
        }
        return client;
    }

    static JsonNode call(ApiClient who, String action, String json) throws Exception {
        return who.call(action, json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode ok(ApiClient who, String action, String json) throws Exception {
        JsonNode r = call(who, action, json);
        assertThat(r.has("Error")).as(action + " " + r).isFalse();
        return r;
    }

    /** alice's stream names live anywhere, as {@code who}'s node lists them (PageSize varies: every body differs). */
    static List<String> onlineNames(ApiClient who) throws Exception {
        int pageSize = 10 + (int) (System.nanoTime() % 90);
        JsonNode r = ok(who, "DescribeLiveStreamOnlineList", "{\"DomainName\":\"" + DOMAIN + "\",\"PageSize\":" + pageSize + "}");
        return r.path("OnlineInfo").findValuesAsText("StreamName");
    }

    /** A signed push of alice's {@code stream} to {@code node}, replaying media for a minute once accepted. */
    RtmpPublisher push(LiverecServer node, String stream) throws Exception {
        String tx = Long.toHexString(Instant.now().getEpochSecond() + 600).toUpperCase();
        String name = stream + "?txSecret=" + PushAuth.txSecret(pushKey, stream, tx) + "&txTime=" + tx + "&domain=" + DOMAIN;
        String url = "rtmp://127.0.0.1:" + node.module(RtmpModule.class).server().port() + "/live";
        RtmpPublisher p = RtmpPublisher.connect(loops, url, name, List.of());
        p.ready().get(15, TimeUnit.SECONDS);
        FlvReplay.start(file, p, 60_000);
        return p;
    }

    /** {@code GET /readyz}: the status code and the body. */
    static HttpResponse<String> readyz(LiverecServer node) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/readyz"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a killed node is closed already
            }
        }
        loops.close();
        file.close();
    }
}
