package dev.liverec.rtmp.server;

import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.PacketRecorder;
import dev.liverec.stream.PublishAuthorizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** ffmpeg publishes real clips; every packet liverec hands to subscribers matches ffprobe's view of the source. */
@Tag("slow")
class FfmpegPublishTest {
    private LeakWatch leaks;
    private RtmpFixture rtmp;
    private final PacketRecorder recorder = new PacketRecorder();

    @BeforeEach
    void start() throws Exception {
        leaks = LeakWatch.install();
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        rtmp.hub.addListener(recorder);
    }

    @AfterEach
    void stop() throws Exception {
        rtmp.close();
        leaks.assertNoLeaks();
    }

    @Test
    void h264AacWithoutBFrames() throws Exception {
        publishAndCompare("av-nobf", "h264", "aac");
    }

    @Test
    void h264AacWithBFrames() throws Exception {
        List<PacketRecorder.Seen> got = publishAndCompare("av-bf", "h264", "aac");
        assertThat(got).as("B-frames give pts != dts").anyMatch(s -> s.pts() != s.dts());
    }

    @Test
    void h264Mp3() throws Exception {
        publishAndCompare("av-mp3", "h264", "mp3");
    }

    @Test
    void audioOnly() throws Exception {
        publishAndCompare("audio", null, "aac");
    }

    @Test
    void videoOnly() throws Exception {
        publishAndCompare("video", "h264", null);
    }

    @Test
    void reconnectMidStreamStartsAFreshPublish() throws Exception {
        Path clip = Ffmpeg.clip("av-nobf", 6);
        Process first = Ffmpeg.publish(clip, rtmp.url("live") + "/again", true);
        Thread.sleep(2500);
        first.destroy(); // SIGTERM: ffmpeg closes the connection mid-stream
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitEnds(1);
        Process second = Ffmpeg.publish(clip, rtmp.url("live") + "/again", false);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitEnds(2);
        assertThat(recorder.published).hasSize(2);
        assertThat(recorder.published.get(0).sequence()).isNotEqualTo(recorder.published.get(1).sequence());
        // the second publish delivers the whole clip again, from dts 0
        List<Ffmpeg.Packet> expected = Ffmpeg.probePackets(clip);
        long secondStart = recorder.packets.stream().filter(s -> !s.header()).count() - expected.size();
        assertThat(secondStart).as("first publish delivered part of the clip").isPositive();
        List<PacketRecorder.Seen> tail = recorder.packets.stream().filter(s -> !s.header()).skip(secondStart).toList();
        assertThat(tail.get(0).dts()).isZero();
        assertThat(tail).hasSize(expected.size());
    }

    private void awaitEnds(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorder.endCount < n && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(recorder.endCount).isEqualTo(n);
    }

    private List<PacketRecorder.Seen> publishAndCompare(String kind, String video, String audio) throws Exception {
        Path clip = Ffmpeg.clip(kind, 6);
        // real-time pace (-re) where B-frames and A/V interleaving matter; the single-track clips go as fast as possible
        Process ff = Ffmpeg.publish(clip, rtmp.url("live") + "/" + kind, kind.startsWith("av-") && !kind.endsWith("mp3"));
        assertThat(ff.waitFor(40, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
        assertThat(ff.exitValue()).isZero();
        // ffmpeg sends a digest C1 (Flash Player 9 style): recognised by an independent implementation
        assertThat(rtmp.server.stats().digestHandshakes.get()).isEqualTo(1);
        assertThat(recorder.ended.await(10, TimeUnit.SECONDS)).as("stream ended").isTrue();

        List<Ffmpeg.Packet> expected = Ffmpeg.probePackets(clip);
        List<PacketRecorder.Seen> got = recorder.packets;
        assertThat(got).allMatch(s -> s.stream().equals(kind));
        for (String type : List.of("video", "audio")) {
            String codec = type.equals("video") ? video : audio;
            List<String> want = expected.stream().filter(p -> p.type().equals(type))
                    .map(p -> p.dts() + "/" + p.pts() + "/" + p.size() + "/" + p.key()).toList();
            List<String> have = got.stream().filter(s -> !s.header())
                    .filter(s -> type.equals("video") == (s.codec().equals("h264") || s.codec().equals("hevc")))
                    .map(s -> s.dts() + "/" + s.pts() + "/" + s.size() + "/" + s.key()).toList();
            if (codec == null) {
                assertThat(want).isEmpty();
                assertThat(have).isEmpty();
                continue;
            }
            assertThat(want).as(type + " packets in the source").isNotEmpty();
            assertThat(have).as(type + " packets, one for one (dts/pts/size/key)").containsExactlyElementsOf(want);
            if (!codec.equals("mp3")) {
                assertThat(got).as(type + " sequence header").anyMatch(s -> s.header() && s.codec().equals(codec));
            }
        }
        var info = recorder.published.get(0).info();
        if (video != null) {
            assertThat(info.videoCodec()).isEqualTo(video);
            assertThat(info.width()).isEqualTo(320);
            assertThat(info.height()).isEqualTo(240);
        }
        if ("mp3".equals(audio)) {
            assertThat(info.audioCodec()).isEqualTo("mp3");
            assertThat(info.sampleRate()).isEqualTo(44100);
            assertThat(info.channels()).isEqualTo(1);
        }
        if ("aac".equals(audio)) {
            assertThat(info.audioCodec()).isEqualTo("aac");
            assertThat(info.sampleRate()).isEqualTo(44100);
            assertThat(info.channels()).isEqualTo(1);
        }
        return got;
    }
}
