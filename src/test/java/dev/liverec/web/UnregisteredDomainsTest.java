package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.control.account.Credential;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one model for unregistered push domains (issue 10, D6; docs/api-compatibility.md): in a single-account
 * install they are that account's, so rules record and push events are sent; with several accounts they are
 * nobody's, so rules and tasks on them are refused at creation and no account sees, drops or previews their streams.
 */
class UnregisteredDomainsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "127.0.0.1"; // the README's push URL host
    private static final String NOT_FOUND = "ResourceNotFound.DomainNotExist";

    @TempDir Path dir;
    private NodeFixture node;
    private HttpServer receiver;
    private Process push;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (push != null) push.destroyForcibly();
        if (node != null) node.close();
        if (receiver != null) receiver.stop(0);
    }

    private String callbackUrl() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
    }

    private Process pushCam(int seconds) throws Exception {
        return Ffmpeg.publish(Ffmpeg.clip("av-nobf", seconds), "rtmp://127.0.0.1:" + node.rtmpPort + "/live/cam", true);
    }

    private Optional<LiveStream> live() {
        return node.server.context().hub().find(new StreamKey(DOMAIN, "live", "cam"));
    }

    private boolean receivedEvent(int type) {
        return received.stream().anyMatch(b -> b.path("event_type").asInt() == type);
    }

    private static String code(JsonNode response) {
        return response.path("Error").path("Code").asText();
    }

    @Test
    void inASingleAccountInstallRecordRulesFireAndPushEventsAreSent() throws Exception {
        node = new NodeFixture(dir, cfg -> cfg.callback.pollMillis = 200, true);
        String cb = callbackUrl();
        long cbTpl = node.api("CreateLiveCallbackTemplate", Map.of("TemplateName", "readme", "StreamBeginNotifyUrl", cb,
                "StreamEndNotifyUrl", cb, "RecordNotifyUrl", cb, "CallbackKey", "k")).path("TemplateId").asLong();
        node.api("CreateLiveCallbackRule", Map.of("DomainName", DOMAIN, "AppName", "live", "TemplateId", cbTpl));
        long recTpl = node.api("CreateLiveRecordTemplate", Map.of("TemplateName", "flv_rule",
                "FlvParam", Map.of("Enable", 1))).path("TemplateId").asLong();
        node.api("CreateLiveRecordRule", Map.of("DomainName", DOMAIN, "TemplateId", recTpl));

        push = pushCam(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> live().isPresent());
        assertThat(live().orElseThrow().accountId()).isEqualTo(node.cred.accountId());
        assertThat(node.api("DescribeLiveStreamOnlineList", Map.of()).path("TotalNum").asInt()).isEqualTo(1);
        assertThat(push.waitFor(60, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> receivedEvent(1) && receivedEvent(0) && receivedEvent(100));
        JsonNode file = received.stream().filter(b -> b.path("event_type").asInt() == 100).findFirst().orElseThrow();
        assertThat(file.path("file_format").asText()).isEqualTo("flv");
        assertThat(file.path("stream_id").asText()).isEqualTo("cam");
    }

    @Test
    void withSeveralAccountsNoAccountCreatesSeesDropsOrPreviewsThere() throws Exception {
        node = new NodeFixture(dir, cfg -> { }); // the first-run account and the fixture's: two already
        Credential other = node.otherAccount();
        long end = System.currentTimeMillis() / 1000 + 600;
        for (Credential who : List.of(node.cred, other)) {
            long tpl = node.callAs(who, "CreateLiveRecordTemplate", Map.of("TemplateName", "t",
                    "FlvParam", Map.of("Enable", 1))).path("TemplateId").asLong();
            assertThat(code(node.callAs(who, "CreateLiveRecordRule", Map.of("DomainName", DOMAIN, "TemplateId", tpl))))
                    .isEqualTo(NOT_FOUND);
            assertThat(node.callAs(who, "CreateLiveRecordRule", Map.of("DomainName", DOMAIN, "TemplateId", tpl))
                    .path("Error").path("Message").asText()).contains("AddLiveDomain");
            assertThat(code(node.callAs(who, "CreateLiveCallbackRule", Map.of("DomainName", DOMAIN, "AppName", "live",
                    "TemplateId", 1)))).isEqualTo(NOT_FOUND);
            assertThat(code(node.callAs(who, "CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live",
                    "StreamName", "cam", "EndTime", end)))).isEqualTo(NOT_FOUND);
        }

        push = pushCam(30);
        await().atMost(Duration.ofSeconds(10)).until(() -> live().isPresent());
        assertThat(live().orElseThrow().accountId()).isZero(); // nobody's
        Map<String, Object> cam = Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "cam");
        for (Credential who : List.of(node.cred, other)) {
            assertThat(node.callAs(who, "DescribeLiveStreamOnlineList", Map.of()).path("TotalNum").asInt()).isZero();
            assertThat(node.callAs(who, "DescribeLiveStreamPushInfoList", Map.of()).path("DataInfoList").size()).isZero();
            assertThat(code(node.callAs(who, "DescribeLiveStreamState", cam))).isEqualTo(NOT_FOUND);
            assertThat(code(node.callAs(who, "DropLiveStream", cam))).isEqualTo(NOT_FOUND);
            assertThat(code(node.callAs(who, "ForbidLiveStream", cam))).isEqualTo(NOT_FOUND);
            assertThat(node.callAs(who, "DescribeLivePreviewUrl", cam).has("Error")).isTrue();
        }
        Thread.sleep(500);
        assertThat(live()).isPresent();

        // registering takes nothing from the other account (it never had the domain); the registrant gets it all
        node.api("AddLiveDomain", Map.of("DomainName", DOMAIN, "DomainType", 0));
        assertThat(code(node.callAs(other, "CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live",
                "StreamName", "cam", "EndTime", end)))).isEqualTo(NOT_FOUND);
        node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "cam", "EndTime", end));
        assertThat(node.api("DescribeLiveStreamOnlineList", Map.of()).path("TotalNum").asInt()).isEqualTo(1);
        assertThat(node.callAs(other, "DescribeLiveStreamOnlineList", Map.of()).path("TotalNum").asInt()).isZero();
        node.api("DropLiveStream", cam);
        await().atMost(Duration.ofSeconds(10)).until(() -> live().isEmpty());
    }
}
