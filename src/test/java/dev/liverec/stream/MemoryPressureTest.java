package dev.liverec.stream;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The degradation order near the budget: GOP caches of streams nobody reads first, then new publishers refused. */
class MemoryPressureTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 5000);
    private final StreamHub hub = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 1 << 20);
    private double ratio;
    private long now = 1_000;
    private final MemoryPressure pressure = new MemoryPressure(hub, () -> ratio, () -> "test", 0.75, 0.85, 10_000, () -> now);

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private LiveStream publish(String name) throws Exception {
        return hub.publish(new StreamKey("example.com", "live", name), 0, peer, "", loop, () -> {});
    }

    private void feed(LiveStream s, long dts, boolean key) throws Exception {
        loop.submit(() -> {
            MediaPacket p = new MediaPacket(Codec.H264, dts, dts, key, false, Unpooled.wrappedBuffer(new byte[1000]));
            s.dispatch(p);
            p.release();
        }).sync();
    }

    @Test
    void dropsCachesOfUnreadStreamsThenRefusesPublishers() throws Exception {
        hub.setAdmission(pressure);
        LiveStream unread = publish("unread");
        LiveStream counted = publish("counted");
        LiveStream recorded = publish("recorded");
        counted.subscribe(new Reader(false), false);
        recorded.subscribe(new Reader(true), false);
        for (LiveStream s : new LiveStream[]{unread, counted, recorded}) {
            feed(s, 0, true);
            feed(s, 40, false);
        }
        loop.submit(() -> {}).sync();
        assertThat(hub.gopCacheBytes()).isEqualTo(6000);

        ratio = 0.80;
        assertThat(pressure.check()).isEqualTo(MemoryPressure.Level.GOP_CACHES_DROPPED);
        loop.submit(() -> {}).sync();
        assertThat(hub.gopCacheBytes()).as("only the recorded stream keeps its cache").isEqualTo(2000);
        assertThat(pressure.gopCachesDropped()).isEqualTo(2);
        feed(unread, 80, true);
        assertThat(hub.gopCacheBytes()).as("a dropped cache stays empty").isEqualTo(2000);
        publish("accepted"); // still admitted

        ratio = 0.90;
        assertThatThrownBy(() -> publish("refused")).isInstanceOf(PublishRefusedException.class)
                .satisfies(e -> assertThat(((PublishRefusedException) e).statusCode()).isEqualTo("NetStream.Publish.Rejected"));
        assertThat(pressure.publishersRefused()).isEqualTo(1);
        assertThat(pressure.status()).startsWith("REFUSING_PUBLISHERS");
        assertThat(hub.find(new StreamKey("example.com", "live", "recorded"))).as("running streams untouched").isPresent();
        loop.submit(() -> {}).sync();
        assertThat(hub.gopCacheBytes()).as("the recorded stream's cache dropped too").isZero();
        assertThat(pressure.gopCachesDropped()).isEqualTo(4); // the recorded one and "accepted"

        ratio = 0.70; // the dropped caches freed memory at once, but refusal holds for 10 s
        now += 9_999;
        assertThat(pressure.check()).isEqualTo(MemoryPressure.Level.REFUSING_PUBLISHERS);
        assertThatThrownBy(() -> publish("still refused")).isInstanceOf(PublishRefusedException.class);
        ratio = 0.78;
        now += 1;
        assertThat(pressure.check()).as("after the hold: within 10 points of the refusal level").isEqualTo(MemoryPressure.Level.REFUSING_PUBLISHERS);
        ratio = 0.70; // below both: within 10 points of the drop level, caches stay dropped
        assertThat(pressure.check()).isEqualTo(MemoryPressure.Level.GOP_CACHES_DROPPED);
        ratio = 0.50;
        assertThat(pressure.check()).isEqualTo(MemoryPressure.Level.NORMAL);
        assertThat(pressure.status()).isEqualTo("ok");
        feed(unread, 120, true);
        feed(recorded, 120, true);
        assertThat(hub.gopCacheBytes()).as("caching again from the next keyframe").isEqualTo(2000);
    }

    private record Reader(boolean media) implements StreamSubscriber {
        public void onPacket(LiveStream s, MediaPacket p) { }
        public void onStreamEnd(LiveStream s) { }
        public boolean readsMedia() { return media; }
    }
}
