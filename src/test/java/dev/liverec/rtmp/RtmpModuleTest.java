package dev.liverec.rtmp;

import dev.liverec.app.RtmpModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.DomainDirectory;
import dev.liverec.control.LiveDomain;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.Module;
import dev.liverec.control.PushAuth;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The RTMP module inside a real server (H2 database, actions in the registry): push auth on a registered domain,
 * the five stream actions with account scoping, bans that persist, announcements other nodes can read.
 */
class RtmpModuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Account ALICE = new Account(1, 1001, "alice", AccountState.values()[0]);
    private static final Account BOB = new Account(2, 1002, "bob", AccountState.values()[0]);

    @TempDir Path dir;
    /** The domains registered; the directory over it has no sole account (like an install with several). */
    private final Map<String, LiveDomain> domains = new ConcurrentHashMap<>();
    private LiverecServer server;
    private ClientLoops loops;
    private FlvFile file;
    private LeakWatch leaks;

    @BeforeEach
    void start() throws Exception {
        leaks = LeakWatch.install();
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.nodeName = "node-a";
        cfg.http.port = 0;
        cfg.http.host = "127.0.0.1";
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        DomainDirectory directory = name -> Optional.ofNullable(domains.get(name));
        server = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(new RtmpModule(ctx, directory)));
        loops = ClientLoops.create(1);
        file = FlvFile.read(Ffmpeg.clip("av-nobf", 6));
        domains.put("alice.example", new LiveDomain(ALICE.id(), "alice.example", 0, true, true, "alice-key", "", 0));
    }

    @AfterEach
    void stop() throws Exception {
        loops.close();
        file.close();
        server.close();
        leaks.assertNoLeaks();
    }

    private String url() {
        return "rtmp://127.0.0.1:" + server.module(RtmpModule.class).server().port() + "/live";
    }

    private RtmpPublisher publish(String nameWithQuery, long ms) throws Exception {
        RtmpPublisher p = RtmpPublisher.connect(loops, url(), nameWithQuery, List.of());
        p.ready().get(5, TimeUnit.SECONDS);
        FlvReplay.start(file, p, ms);
        return p;
    }

    private String signed(String name) {
        String tx = Long.toHexString(Instant.now().getEpochSecond() + 600).toUpperCase();
        return name + "?txSecret=" + PushAuth.txSecret("alice-key", name, tx) + "&txTime=" + tx + "&domain=alice.example";
    }

    private JsonNode call(Account who, String action, Map<String, Object> params) {
        ObjectNode p = JSON.valueToTree(params);
        ApiCall c = new ApiCall(action, who, p, "ap-guangzhou", "en-US", "req-1", Instant.now(), "http://x");
        return JSON.valueToTree(server.context().actions().find(action).orElseThrow().handle(c));
    }

    @Test
    void pushAuthOnARegisteredDomain() throws Exception {
        RtmpPublisher bad = RtmpPublisher.connect(loops, url(), "cam?domain=alice.example&txSecret=0&txTime=FFFFFFFF", List.of());
        assertThatThrownBy(() -> bad.ready().get(5, TimeUnit.SECONDS)).hasMessageContaining("NetStream.Publish.BadName");
        bad.closed().get(5, TimeUnit.SECONDS);
        RtmpPublisher good = publish(signed("cam"), 10_000);
        var live = server.context().hub().find(new StreamKey("alice.example", "live", "cam")).orElseThrow();
        assertThat(live.accountId()).isEqualTo(ALICE.id());
        assertThat(live.queryString()).contains("txSecret=");
        good.close().sync();
    }

    @Test
    void onlineListStateDropAndScoping() throws Exception {
        RtmpPublisher a = publish(signed("cam"), 20_000);
        // tcUrl host 127.0.0.1: an unregistered domain, and with two accounts its streams are nobody's
        RtmpPublisher open = publish("lobby", 20_000);
        JsonNode alice = call(ALICE, "DescribeLiveStreamOnlineList", Map.of());
        assertThat(alice.path("TotalNum").asInt()).isEqualTo(1);
        assertThat(alice.path("OnlineInfo").findValuesAsText("StreamName")).containsExactly("cam");
        assertThat(alice.path("OnlineInfo").get(0).path("PublishTimeList").get(0).path("PublishTime").asText()).endsWith("Z");
        JsonNode bob = call(BOB, "DescribeLiveStreamOnlineList", Map.of());
        assertThat(bob.path("OnlineInfo").size()).isZero();
        assertThat(call(ALICE, "DescribeLiveStreamOnlineList", Map.of("DomainName", "alice.example")).path("TotalNum").asInt()).isEqualTo(1);
        assertThat(call(ALICE, "DescribeLiveStreamOnlineList", Map.of("StreamName", "lobby")).path("TotalNum").asInt()).isZero();

        Map<String, Object> cam = Map.of("DomainName", "alice.example", "AppName", "live", "StreamName", "cam");
        assertThat(call(ALICE, "DescribeLiveStreamState", cam).path("StreamState").asText()).isEqualTo("active");
        // bob cannot see or drop alice's stream
        assertThatThrownBy(() -> call(BOB, "DescribeLiveStreamState", cam))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo("ResourceNotFound.DomainNotExist");
        assertThatThrownBy(() -> call(BOB, "DropLiveStream", cam)).isInstanceOf(ApiException.class);
        assertThat(a.channel().isActive()).isTrue();

        call(ALICE, "DropLiveStream", cam);
        a.closed().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() ->
                call(ALICE, "DescribeLiveStreamState", cam).path("StreamState").asText().equals("inactive"));
        call(ALICE, "DropLiveStream", cam); // already inactive: still a success
        // the dropped stream may push again
        RtmpPublisher again = publish(signed("cam"), 20_000);
        assertThat(call(ALICE, "DescribeLiveStreamState", cam).path("StreamState").asText()).isEqualTo("active");
        again.close().sync();
        open.close().sync();
    }

    @Test
    void forbidDisconnectsRefusesAndSurvivesRestartUntilResumed() throws Exception {
        domains.put("127.0.0.1", new LiveDomain(ALICE.id(), "127.0.0.1", 0, true, false, "", "", 0));
        RtmpPublisher p = publish("banned", 20_000);
        Map<String, Object> key = Map.of("DomainName", "127.0.0.1", "AppName", "live", "StreamName", "banned");
        assertThatThrownBy(() -> call(ALICE, "ForbidLiveStream", Map.of("DomainName", "127.0.0.1", "AppName", "live",
                "StreamName", "banned", "ResumeTime", Instant.now().plusSeconds(91L * 86400).toString())))
                .isInstanceOf(ApiException.class).hasMessageContaining("90 days");
        assertThatThrownBy(() -> call(ALICE, "ForbidLiveStream", Map.of("DomainName", "127.0.0.1", "AppName", "live",
                "StreamName", "banned", "ResumeTime", "yesterday"))).isInstanceOf(ApiException.class);
        call(ALICE, "ForbidLiveStream", Map.of("DomainName", "127.0.0.1", "AppName", "live", "StreamName", "banned",
                "Reason", "test ban"));
        p.closed().get(5, TimeUnit.SECONDS);
        assertThat(call(ALICE, "DescribeLiveStreamState", key).path("StreamState").asText()).isEqualTo("forbid");
        RtmpPublisher refused = RtmpPublisher.connect(loops, url(), "banned", List.of());
        assertThatThrownBy(() -> refused.ready().get(5, TimeUnit.SECONDS)).hasMessageContaining("forbidden");

        // restart on the same database: the ban is still there
        server.close();
        LiverecConfig cfg = server.context().config();
        server = LiverecServer.start(cfg, Clock.systemUTC(), 
                ctx -> List.of(new RtmpModule(ctx, name -> Optional.ofNullable(domains.get(name)))));
        assertThat(call(ALICE, "DescribeLiveStreamState", key).path("StreamState").asText()).isEqualTo("forbid");
        call(ALICE, "ResumeLiveStream", key);
        assertThat(call(ALICE, "DescribeLiveStreamState", key).path("StreamState").asText()).isEqualTo("inactive");
        publish("banned", 1_000).close().sync();
    }

    @Test
    void pagingAndOtherNodesAnnouncements() throws Exception {
        // twelve streams announced by another node (rows as node-b would write them) plus one live here, on bob's domains
        domains.put("other.example", new LiveDomain(BOB.id(), "other.example", 0, true, false, "", "", 0));
        domains.put("127.0.0.1", new LiveDomain(BOB.id(), "127.0.0.1", 0, true, false, "", "", 0));
        var jdbi = server.context().db().jdbi();
        // node-b is alive: its heartbeat (here ten minutes ahead) is within the lease
        jdbi.useHandle(h -> h.execute("INSERT INTO node (id, instance, http_address, rtmp_address, started_at, heartbeat_at)"
                + " VALUES ('node-b', 'b', '', '', 0, ?)", System.currentTimeMillis() + 600_000));
        for (int i = 0; i < 12; i++) {
            int n = i;
            jdbi.useHandle(h -> h.execute("INSERT INTO live_stream_online (node_name, domain_name, app_name, stream_name, "
                    + "account_id, sequence, published_at) VALUES ('node-b', 'other.example', 'live', ?, 0, ?, ?)",
                    String.format("s%02d", n), "seq" + n, 1_700_000_000_000L + n));
        }
        RtmpPublisher p = publish("here", 20_000);
        JsonNode page1 = call(BOB, "DescribeLiveStreamOnlineList", Map.of("PageSize", 10));
        assertThat(page1.path("TotalNum").asInt()).isEqualTo(13);
        assertThat(page1.path("TotalPage").asInt()).isEqualTo(2);
        assertThat(page1.path("OnlineInfo").size()).isEqualTo(10);
        JsonNode page2 = call(BOB, "DescribeLiveStreamOnlineList", Map.of("PageSize", 10, "PageNum", 2));
        assertThat(page2.path("OnlineInfo").findValuesAsText("StreamName")).containsExactly("s10", "s11", "here");
        assertThatThrownBy(() -> call(BOB, "DescribeLiveStreamOnlineList", Map.of("PageSize", 9))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> call(BOB, "DescribeLiveStreamOnlineList", Map.of("PageNum", 0))).isInstanceOf(ApiException.class);
        assertThat(call(BOB, "DescribeLiveStreamState", Map.of("DomainName", "other.example", "AppName", "live",
                "StreamName", "s03")).path("StreamState").asText()).isEqualTo("active");

        // this node announces its own stream in the table, and withdraws it on unpublish
        await().atMost(5, TimeUnit.SECONDS).until(() -> jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM live_stream_online WHERE node_name = 'node-a' AND stream_name = 'here'").mapTo(Integer.class).one()) == 1);
        p.close().sync();
        await().atMost(5, TimeUnit.SECONDS).until(() -> jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM live_stream_online WHERE node_name = 'node-a'").mapTo(Integer.class).one()) == 0);
    }
}
