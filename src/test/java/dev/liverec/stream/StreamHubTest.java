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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StreamHubTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final StreamKey key = new StreamKey("Example.COM", "live", "s1");
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 5000);

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private static MediaPacket video(long dts, boolean key) {
        return new MediaPacket(Codec.H264, dts, dts, key, false, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    }

    private static MediaPacket header(Codec c) {
        return new MediaPacket(c, 0, 0, c == Codec.H264, true, Unpooled.wrappedBuffer(new byte[] {9}));
    }

    /** Runs on the loop and waits, as the ingest layer dispatches there. */
    private void onLoop(Runnable r) throws Exception {
        loop.submit(r).sync();
    }

    @Test
    void lateSubscriberStartsAtCachedKeyframeAfterHeaders() throws Exception {
        StreamHub hub = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 1 << 20);
        LiveStream s = hub.publish(key, 0, peer, "", loop, () -> {});
        List<MediaPacket> sent = List.of(header(Codec.H264), header(Codec.AAC), video(0, true), video(33, false),
                video(66, true), video(99, false));
        onLoop(() -> sent.forEach(p -> { s.dispatch(p); p.release(); }));

        List<String> got = new CopyOnWriteArrayList<>();
        s.subscribe(new StreamSubscriber() {
            public void onPacket(LiveStream st, MediaPacket p) { got.add(p.codec() + ":" + p.dts() + (p.isSequenceHeader() ? "h" : "")); }
            public void onStreamEnd(LiveStream st) { got.add("end"); }
        }, true);
        onLoop(() -> {
            MediaPacket p = video(132, false);
            s.dispatch(p);
            p.release();
        });
        hub.unpublish(s);
        await().until(() -> got.contains("end"));
        assertThat(got).containsExactly("H264:0h", "AAC:0h", "H264:66", "H264:99", "H264:132", "end");
        assertThat(hub.find(key)).isEmpty();
    }

    @Test
    void secondPublisherRefusedOrReplaced() throws Exception {
        StreamHub refuse = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 1 << 20);
        refuse.publish(key, 0, peer, "", loop, () -> {});
        assertThatThrownBy(() -> refuse.publish(key, 0, peer, "", loop, () -> {}))
                .isInstanceOf(PublishRefusedException.class);

        StreamHub replace = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REPLACE, 1 << 20);
        AtomicBoolean firstDropped = new AtomicBoolean();
        List<String> events = new ArrayList<>();
        replace.addListener(new StreamListener() {
            public void onPublish(LiveStream st) { events.add("pub"); }
            public void onUnpublish(LiveStream st) { events.add("unpub"); }
        });
        LiveStream first = replace.publish(key, 0, peer, "", loop, () -> firstDropped.set(true));
        LiveStream second = replace.publish(key, 0, peer, "", loop, () -> {});
        assertThat(firstDropped).isTrue();
        assertThat(replace.find(key)).contains(second);
        await().until(first::isEnded);
        assertThat(events).containsExactly("pub", "unpub", "pub");
        assertThat(key.domain()).isEqualTo("example.com");
    }

    @Test
    void gopCacheBoundedByBytes() throws Exception {
        StreamHub hub = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 5);
        LiveStream s = hub.publish(key, 0, peer, "", loop, () -> {});
        onLoop(() -> {
            for (MediaPacket p : List.of(video(0, true), video(33, false), video(66, false))) { s.dispatch(p); p.release(); }
        });
        List<Long> got = new CopyOnWriteArrayList<>();
        s.subscribe(new StreamSubscriber() {
            public void onPacket(LiveStream st, MediaPacket p) { got.add(p.dts()); }
            public void onStreamEnd(LiveStream st) {}
        }, true);
        onLoop(() -> {});
        // 9 bytes exceed the 5-byte cap: the cache gave up on this GOP instead of growing
        assertThat(got).isEmpty();
        hub.unpublish(s);
    }

    @Test
    void subscriberLeavingDuringDispatchDoesNotHideThePacketFromTheNext() throws Exception {
        StreamHub hub = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 1 << 20);
        LiveStream s = hub.publish(key, 0, peer, "", loop, () -> {});
        List<Long> second = new CopyOnWriteArrayList<>();
        StreamSubscriber leaver = new StreamSubscriber() {
            public void onPacket(LiveStream st, MediaPacket p) { st.unsubscribe(this); }
            public void onStreamEnd(LiveStream st) {}
        };
        s.subscribe(leaver, false);
        s.subscribe(new StreamSubscriber() {
            public void onPacket(LiveStream st, MediaPacket p) { second.add(p.dts()); }
            public void onStreamEnd(LiveStream st) {}
        }, false);
        onLoop(() -> {
            for (MediaPacket p : List.of(video(0, true), video(33, false))) { s.dispatch(p); p.release(); }
        });
        assertThat(second).containsExactly(0L, 33L);
        assertThat(s.subscriberCount()).isEqualTo(1);
        hub.unpublish(s);
    }
}
