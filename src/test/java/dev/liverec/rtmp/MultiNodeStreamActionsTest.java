package dev.liverec.rtmp;

import dev.liverec.app.TestNodes;
import dev.liverec.app.RtmpModule;
import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.AccountStore;
import dev.liverec.app.ApiModule;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.DbConfig;
import dev.liverec.config.LiverecConfig;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.app.LiverecServer;
import dev.liverec.control.PushAuth;
import dev.liverec.stream.StreamKey;
import dev.liverec.app.ControlModule;
import dev.liverec.control.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one PostgreSQL database, as behind a load balancer: publishers push to node B, the stream actions are
 * called on node A through the signed HTTP API. A drop or forbid reaches node B's publisher within a command poll
 * period; a re-push after a drop stays; a forbidden stream is refused on B until resumed; another account's call
 * changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeStreamActionsTest {
    private static final String DOMAIN = "alice.example";
    /** Poll period 500 ms: a command reaches the other node well inside this. */
    private static final long REACH_MS = 2000;

    @TempDir static Path dir;
    private LiverecServer a;
    private LiverecServer b;
    private ApiClient alice;
    private ApiClient bob;
    private String pushKey;
    private ClientLoops loops;
    private FlvFile file;
    private LeakWatch leaks;

    @BeforeAll
    void start() throws Exception {
        leaks = LeakWatch.install();
        DbConfig db = TestDatabases.fresh(TestDatabases.POSTGRES, dir);
        a = node("node-a", db);
        b = node("node-b", db);
        AccountStore accounts = a.module(ApiModule.class).accounts().store();
        alice = client(accounts, "alice");
        bob = client(accounts, "bob");
        ok(alice, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
        pushKey = ok(alice, "DescribeLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\"}")
                .path("PushAuthKeyInfo").path("MasterAuthKey").asText();
        // bob's domain without push auth (the unsigned pushes): with two accounts an unregistered one is nobody's
        ok(bob, "AddLiveDomain", "{\"DomainName\":\"127.0.0.1\",\"DomainType\":0}");
        ok(bob, "ModifyLivePushAuthKey", "{\"DomainName\":\"127.0.0.1\",\"Enable\":0}");
        loops = ClientLoops.create(1);
        file = FlvFile.read(Ffmpeg.clip("av-nobf", 6));
    }

    @AfterAll
    void stop() throws Exception {
        if (loops != null) loops.close();
        if (file != null) file.close();
        if (a != null) a.close();
        if (b != null) b.close();
        leaks.assertNoLeaks();
    }

    private LiverecServer node(String name, DbConfig db) throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.resolve(name).toString();
        cfg.nodeName = name;
        cfg.db = db;
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.api.rateLimitPerSecond = 0;
        return LiverecServer.start(cfg, Clock.systemUTC(), ctx -> {
            ApiModule api = new ApiModule(ctx);
            ControlModule control = new ControlModule(ctx, TestNodes.USABLE);
            return List.of(api, control, new RtmpModule(ctx, control.domains()));
        });
    }

    private ApiClient client(AccountStore accounts, String account) {
        var c = accounts.createCredential(accounts.findOrCreateAccount(account).id());
        return new ApiClient(ApiClient.defaultHttpClient(), URI.create("http://127.0.0.1:" + a.httpPort() + "/"),
                c.secretId(), c.secretKey(), "", "");
    }

    private static JsonNode call(ApiClient who, String action, String json) throws Exception {
        return who.call(action, json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode ok(ApiClient who, String action, String json) throws Exception {
        JsonNode r = call(who, action, json);
        assertThat(r.has("Error")).as(action + " " + r).isFalse();
        return r;
    }

    private static String key(String domain, String stream) {
        return "{\"DomainName\":\"" + domain + "\",\"AppName\":\"live\",\"StreamName\":\"" + stream + "\"}";
    }

    private RtmpPublisher pushToB(String stream, boolean alicesDomain) throws Exception {
        return push(b, stream, alicesDomain);
    }

    /** Publishes to {@code node} (push auth signed when it is alice's domain) and replays media for a minute. */
    private RtmpPublisher push(LiverecServer node, String stream, boolean alicesDomain) throws Exception {
        String name = stream;
        if (alicesDomain) {
            String tx = Long.toHexString(Instant.now().getEpochSecond() + 600).toUpperCase();
            name += "?txSecret=" + PushAuth.txSecret(pushKey, stream, tx) + "&txTime=" + tx + "&domain=" + DOMAIN;
        }
        String url = "rtmp://127.0.0.1:" + node.module(RtmpModule.class).server().port() + "/live";
        RtmpPublisher p = RtmpPublisher.connect(loops, url, name, List.of());
        p.ready().get(5, TimeUnit.SECONDS);
        FlvReplay.start(file, p, 60_000);
        return p;
    }

    private boolean liveOnB(String domain, String stream) {
        return b.context().hub().find(new StreamKey(domain, "live", stream)).isPresent();
    }

    /**
     * Two calls with the same body signed in the same second carry the same TC3 signature, which is good for one
     * request only (issue 10, R2): a different write then waits for the next second, as a real client re-signs.
     */
    private static void nextSecond() throws InterruptedException {
        Thread.sleep(1000 - System.currentTimeMillis() % 1000);
    }

    private String stateSeenByA(String domain, String stream) throws Exception {
        return ok(alice, "DescribeLiveStreamState", key(domain, stream)).path("StreamState").asText();
    }

    /** Waits for the publisher's connection to close; returns how long that took. */
    private static long closesWithin(RtmpPublisher p, long limitMs, long since) throws Exception {
        p.closed().get(limitMs, TimeUnit.MILLISECONDS);
        return System.nanoTime() / 1_000_000 - since;
    }

    @Test
    void dropOnNodeAReachesNodeBAndARepushStays() throws Exception {
        RtmpPublisher cam = pushToB("cam", true);
        RtmpPublisher lobby = pushToB("lobby", false); // domain 127.0.0.1: bob's
        await().atMost(5, TimeUnit.SECONDS).until(() -> stateSeenByA(DOMAIN, "cam").equals("active"));

        // bob may not touch alice's stream: refused on A, and nothing reaches B
        assertThat(call(bob, "DropLiveStream", key(DOMAIN, "cam")).path("Error").path("Code").asText())
                .isEqualTo("ResourceNotFound.DomainNotExist");
        assertThat(call(bob, "ForbidLiveStream", key(DOMAIN, "cam")).path("Error").path("Code").asText())
                .isEqualTo("ResourceNotFound.DomainNotExist");
        assertThat(call(alice, "DropLiveStream", key("127.0.0.1", "lobby")).path("Error").path("Code").asText())
                .isEqualTo("ResourceNotFound.DomainNotExist");
        long start = System.nanoTime() / 1_000_000;
        ok(bob, "DropLiveStream", key("127.0.0.1", "lobby"));
        long lobbyMs = closesWithin(lobby, REACH_MS, start);
        Thread.sleep(500); // a further poll period: bob's refused calls left alice's stream alone
        assertThat(cam.channel().isActive()).isTrue();
        assertThat(liveOnB(DOMAIN, "cam")).isTrue();
        assertThat(stateSeenByA(DOMAIN, "cam")).isEqualTo("active");

        nextSecond(); // the state check above has the same body
        start = System.nanoTime() / 1_000_000;
        ok(alice, "DropLiveStream", key(DOMAIN, "cam"));
        long camMs = closesWithin(cam, REACH_MS, start);
        System.out.printf("drop reached node B in %d ms (lobby %d ms)%n", camMs, lobbyMs);
        await().atMost(2, TimeUnit.SECONDS).until(() -> !liveOnB(DOMAIN, "cam"));

        // the re-push begins after the drop: it stays, also while B reads the drop again (2 s re-read window)
        RtmpPublisher again = pushToB("cam", true);
        Thread.sleep(2500);
        assertThat(again.channel().isActive()).isTrue();
        assertThat(liveOnB(DOMAIN, "cam")).isTrue();
        ok(alice, "DropLiveStream", key(DOMAIN, "nobody-here")); // not live anywhere: still a success
        again.close().sync();
    }

    @Test
    void aPublisherDroppedOnNodeAThatReconnectsToNodeBStays() throws Exception {
        RtmpPublisher onA = push(a, "hop", true);
        ok(alice, "DropLiveStream", key(DOMAIN, "hop"));
        onA.closed().get(1, TimeUnit.SECONDS); // the node that took the call acts at once
        // the client comes back through the load balancer on B, most likely before B has read the command: the
        // command names a publish that began before it, not this one
        RtmpPublisher onB = pushToB("hop", true);
        Thread.sleep(1500);
        assertThat(onB.channel().isActive()).isTrue();
        assertThat(liveOnB(DOMAIN, "hop")).isTrue();
        onB.close().sync();
    }

    @Test
    void forbidOnNodeAReachesNodeBAndHoldsUntilResumed() throws Exception {
        RtmpPublisher p = pushToB("banned", true);
        long start = System.nanoTime() / 1_000_000;
        ok(alice, "ForbidLiveStream", key(DOMAIN, "banned"));
        long ms = closesWithin(p, REACH_MS, start);
        System.out.printf("forbid reached node B in %d ms%n", ms);
        assertThat(stateSeenByA(DOMAIN, "banned")).isEqualTo("forbid");
        assertThatThrownBy(() -> pushToB("banned", true)).hasMessageContaining("forbidden");

        nextSecond(); // the forbid above has the same body
        ok(alice, "ResumeLiveStream", key(DOMAIN, "banned"));
        RtmpPublisher again = pushToB("banned", true);
        Thread.sleep(1500); // B reads the forbid again meanwhile: the ban is lifted and the publish is newer
        assertThat(again.channel().isActive()).isTrue();
        assertThat(stateSeenByA(DOMAIN, "banned")).isEqualTo("active");
        again.close().sync();
    }
}
