package dev.liverec.web;

import dev.liverec.api.stream.StreamPushInfoAction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamInfo;
import dev.liverec.stream.StreamKey;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hub-level meters and the push statistics action, fed through a real StreamHub on a Netty event loop. */
class StreamMetersTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 5000);
    private final StreamHub hub = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 1 << 20);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private void send(LiveStream s, Codec codec, int size, int count) throws Exception {
        loop.submit(() -> {
            for (int i = 0; i < count; i++) {
                MediaPacket p = new MediaPacket(codec, i * 40L, i * 40L, i == 0, false, Unpooled.wrappedBuffer(new byte[size]));
                s.dispatch(p);
                p.release();
            }
        }).sync();
    }

    private double value(String series) {
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1));
        }
        throw new AssertionError("no series " + series + " in\n" + registry.scrape());
    }

    @Test
    void liveGaugeAndIngestCounterFollowPublishesAndSurviveTheirEnd() throws Exception {
        new StreamMeters(hub).bindTo(registry);
        assertThat(value("liverec_streams_live")).isZero();
        LiveStream a = hub.publish(new StreamKey("d.example", "live", "a"), 0, peer, "", loop, () -> {});
        LiveStream b = hub.publish(new StreamKey("d.example", "live", "b"), 0, peer, "", loop, () -> {});
        assertThat(value("liverec_streams_live")).isEqualTo(2);
        send(a, Codec.H264, 1000, 10);
        send(b, Codec.AAC, 100, 5);
        assertThat(value("liverec_ingest_bytes_total")).isEqualTo(10_500);
        hub.unpublish(a);
        assertThat(value("liverec_streams_live")).isEqualTo(1);
        // the ended stream's bytes stay counted
        assertThat(value("liverec_ingest_bytes_total")).isEqualTo(10_500);
        send(b, Codec.AAC, 100, 5);
        assertThat(value("liverec_ingest_bytes_total")).isEqualTo(11_000);
        assertThat(value("liverec_stream_publishes_total")).isEqualTo(2);
    }

    private ApiCall call(long accountId, Map<String, Object> params) {
        ObjectNode node = new ObjectMapper().valueToTree(params);
        return new ApiCall("DescribeLiveStreamPushInfoList", new Account(accountId, 1250000000L + accountId, "a", AccountState.ACTIVE),
                node, "ap-guangzhou", "en-US", "req-1", Instant.now(), "http://127.0.0.1");
    }

    @SuppressWarnings("unchecked")
    @Test
    void pushInfoListsCodecsRatesAndOnlyTheCallersStreams() throws Exception {
        StreamRates stats = new StreamRates();
        stats.attach(hub);
        StreamPushInfoAction action = new StreamPushInfoAction(hub, stats, Clock.systemUTC(), "10.0.0.1");
        LiveStream mine = hub.publish(new StreamKey("mine.example", "live", "cam1"), 7, peer, "", loop, () -> {});
        hub.publish(new StreamKey("other.example", "live", "secret"), 8, peer, "", loop, () -> {});
        LiveStream app2 = hub.publish(new StreamKey("mine.example", "app2", "x"), 7, peer, "", loop, () -> {});
        hub.publish(new StreamKey("unregistered.example", "app2", "y"), 0, peer, "", loop, () -> {}); // nobody's
        mine.setInfo(StreamInfo.UNKNOWN.withVideo("h264", 1280, 720).withAudio("aac", 44100, 2));
        mine.setMetadata(Map.of("framerate", 25.0, "videodatarate", 2000.0));
        stats.sample();
        send(mine, Codec.H264, 5000, 50);
        send(mine, Codec.AAC, 200, 40);
        Thread.sleep(300);
        stats.sample();

        Map<String, Object> r = (Map<String, Object>) action.handle(call(7, Map.of()));
        List<Map<String, Object>> list = (List<Map<String, Object>>) r.get("DataInfoList");
        assertThat(list).extracting(m -> m.get("StreamName")).containsExactlyInAnyOrder("cam1", "x");
        assertThat(r.get("TotalNum")).isEqualTo(2L);
        Map<String, Object> cam = list.stream().filter(m -> m.get("StreamName").equals("cam1")).findFirst().orElseThrow();
        assertThat(cam).containsEntry("Vcodec", "H264").containsEntry("Acodec", "AAC").containsEntry("Resolution", "1280*720")
                .containsEntry("AsampleRate", 44100).containsEntry("MetaFps", 25L).containsEntry("MetaVideoSpeed", 2_000_000L)
                .containsEntry("PushDomain", "mine.example").containsEntry("ClientIp", "127.0.0.1").containsEntry("ServerIp", "10.0.0.1")
                .containsEntry("BytesIn", 50 * 5000L + 40 * 200L);
        assertThat((Long) cam.get("VideoSpeed")).isPositive();
        assertThat((Long) cam.get("AudioSpeed")).isPositive().isLessThan((Long) cam.get("VideoSpeed"));
        assertThat((Long) cam.get("VideoFps")).isPositive();

        Map<String, Object> filtered = (Map<String, Object>) action.handle(call(7, Map.of("AppName", "app2")));
        assertThat((List<?>) filtered.get("DataInfoList")).hasSize(1);
        Map<String, Object> paged = (Map<String, Object>) action.handle(call(7, Map.of("PageSize", 1, "PageNum", 2)));
        assertThat((List<?>) paged.get("DataInfoList")).hasSize(1);
        assertThat(paged.get("TotalPage")).isEqualTo(2L);
        Map<String, Object> other = (Map<String, Object>) action.handle(call(8, Map.of("PushDomain", "MINE.example")));
        assertThat((List<?>) other.get("DataInfoList")).isEmpty();

        assertThatThrownBy(() -> action.handle(call(7, Map.of("PageSize", 0))))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo("InvalidParameterValue");
        assertThatThrownBy(() -> action.handle(call(7, Map.of("PageNum", 10_001))))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo("InvalidParameterValue");
        assertThatThrownBy(() -> action.handle(call(7, Map.of("Bogus", 1))))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo("UnknownParameter");
        hub.unpublish(app2);
        Map<String, Object> after = (Map<String, Object>) action.handle(call(7, Map.of()));
        assertThat((List<?>) after.get("DataInfoList")).hasSize(1);
    }
}
