package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.server.ProxyHeaderForwarder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ffmpeg publishes through a forwarder that puts a PROXY v1 header naming 203.0.113.7 in front of the RTMP bytes
 * (as HAProxy's {@code send-proxy} does): the API reports 203.0.113.7 as the client, live and in the push history.
 */
class ProxyProtocolEndToEndTest {
    private static final String DOMAIN = "proxy.example";
    @TempDir Path dir;
    private NodeFixture node;
    private ProxyHeaderForwarder forwarder;
    private Process ffmpeg;

    @AfterEach
    void stop() throws Exception {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (forwarder != null) forwarder.close();
        if (node != null) node.close();
    }

    @Test
    void theApiReportsTheClientTheHeaderNamed() throws Exception {
        node = new NodeFixture(dir, cfg -> cfg.rtmp.proxyProtocol = "required");
        node.addDomain(DOMAIN);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 51_000);
        forwarder = new ProxyHeaderForwarder(node.rtmpPort, ProxyHeaderForwarder.v1(client, node.rtmpPort));
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 6), "rtmp://127.0.0.1:" + forwarder.port() + "/live/cam?domain="
                + DOMAIN, true);

        Map<String, Object> live = Map.of("PushDomain", DOMAIN);
        await().atMost(30, TimeUnit.SECONDS).until(() -> node.api("DescribeLiveStreamPushInfoList", live)
                .path("DataInfoList").size() == 1);
        JsonNode info = node.api("DescribeLiveStreamPushInfoList", live).path("DataInfoList").get(0);
        assertThat(info.path("ClientIp").asText()).isEqualTo("203.0.113.7");

        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> history = Map.of("DomainName", DOMAIN, "StartTime", start.toString(),
                "EndTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60).toString());
        await().atMost(30, TimeUnit.SECONDS).until(() -> node.api("DescribeLiveStreamPublishedList", history)
                .path("PublishInfo").size() == 1);
        JsonNode push = node.api("DescribeLiveStreamPublishedList", history).path("PublishInfo").get(0);
        assertThat(push.path("ClientIp").asText()).isEqualTo("203.0.113.7");
    }
}
