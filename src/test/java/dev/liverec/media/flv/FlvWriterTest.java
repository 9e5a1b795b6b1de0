package dev.liverec.media.flv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.TestMedia;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlvWriterTest {

    /** Starting mid-GOP: the file begins at the next keyframe at t=0, decodes cleanly, metadata is patched. */
    @Test
    void remuxedBenchSourceIsCleanAndIndexed() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 3_000_000);
        MemorySink sink = new MemorySink();
        FlvWriter w = new FlvWriter(sink, true, true, FlvWriter.Options.DEFAULT);
        List<MediaPacket> written = new ArrayList<>();
        try {
            for (MediaPacket p : in) if (p.isSequenceHeader()) w.write(p);
            int start = 0;
            while (!(in.get(start).isVideo() && !in.get(start).isSequenceHeader() && in.get(start).dts() > 900)) start++;
            long keyPts = Long.MAX_VALUE;
            for (int i = start; i < in.size(); i++) {
                MediaPacket p = in.get(i);
                if (p.isSequenceHeader()) continue;
                w.write(p);
                if (p.isVideo() && p.isKeyframe() && keyPts == Long.MAX_VALUE) keyPts = p.pts();
                if (p.isVideo() ? keyPts != Long.MAX_VALUE : p.pts() >= keyPts) written.add(p);
            }
            w.close();
            Path file = TestMedia.tempDir("flvw").resolve("out.flv");
            byte[] bytes = sink.toByteArray();
            Files.write(file, bytes);

            assertThat(TestMedia.decodeErrors(file)).isEmpty();
            JsonNode probe = TestMedia.ffprobe(file);
            assertThat(TestMedia.stream(probe, "video").get("codec_name").asText()).isEqualTo("h264");
            assertThat(TestMedia.stream(probe, "video").get("width").asInt()).isEqualTo(1280);
            assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("aac");
            List<JsonNode> video = TestMedia.packets(probe, "video");
            List<JsonNode> audio = TestMedia.packets(probe, "audio");
            assertThat(video.get(0).get("flags").asText()).startsWith("K");
            assertThat(video.get(0).get("dts").asLong()).isZero();
            assertThat(Math.abs(video.get(0).get("pts").asLong() - audio.get(0).get("pts").asLong())).isLessThanOrEqualTo(50);
            long inputSpan = written.get(written.size() - 1).dts() - written.get(0).dts();
            double duration = probe.get("format").get("duration").asDouble() * 1000;
            assertThat(duration).isCloseTo(inputSpan, within(2000.0));

            // packets survive one for one with rebased timestamps
            List<MediaPacket> out = FlvReader.readAll(Unpooled.wrappedBuffer(bytes));
            List<MediaPacket> frames = out.stream().filter(p -> !p.isSequenceHeader()).toList();
            assertThat(frames).hasSameSizeAs(written);
            long base = written.get(0).dts();
            for (int i = 0; i < frames.size(); i++) {
                MediaPacket a = written.get(i), b = frames.get(i);
                assertThat(b.dts()).isEqualTo(Math.max(0, a.dts() - base));
                assertThat(b.compositionTime()).isEqualTo(a.compositionTime());
                assertThat(ByteBufUtil.equals(a.payload(), b.payload())).isTrue();
            }
            TestMedia.releaseAll(out);

            FlvReader r = new FlvReader(Unpooled.wrappedBuffer(bytes));
            drain(r);
            Map<String, Object> meta = r.metadata();
            assertThat((Double) meta.get("filesize")).isEqualTo(bytes.length);
            assertThat((Double) meta.get("duration") * 1000).isCloseTo(inputSpan, within(100.0));
            assertThat((Double) meta.get("framerate")).isCloseTo(30.0, within(0.5));
            assertThat(meta.get("videocodecid")).isEqualTo(7.0);
            assertThat(meta.get("audiocodecid")).isEqualTo(10.0);
            assertKeyframeIndex(bytes, meta, written.stream().filter(p -> p.isVideo() && p.isKeyframe()).count());
        } finally {
            TestMedia.releaseAll(in);
        }
    }

    /** A small cap thins the index (every 2nd keyframe) and the metadata keeps its size. */
    @Test
    void keyframeIndexIsThinnedAtTheCap() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcNoBf(), 3_000_000);
        MemorySink sink = new MemorySink();
        FlvWriter w = new FlvWriter(sink, true, true, new FlvWriter.Options(3, false));
        long keys = in.stream().filter(p -> p.isVideo() && p.isKeyframe() && !p.isSequenceHeader()).count();
        try {
            for (MediaPacket p : in) w.write(p);
            w.close();
        } finally {
            TestMedia.releaseAll(in);
        }
        assertThat(keys).isGreaterThan(3);
        byte[] bytes = sink.toByteArray();
        FlvReader r = new FlvReader(Unpooled.wrappedBuffer(bytes));
        drain(r);
        List<?> times = (List<?>) ((Map<?, ?>) r.metadata().get("keyframes")).get("times");
        assertThat(times).hasSizeBetween(2, 3);
        assertThat((Double) times.get(0)).isZero();
        assertThat((Double) times.get(1)).isCloseTo(4.0, within(0.1)); // every 2nd 2-second keyframe
        assertKeyframeIndex(bytes, r.metadata(), -1);
        Path file = TestMedia.tempDir("flvw").resolve("thin.flv");
        Files.write(file, bytes);
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
    }

    /** HEVC as Enhanced RTMP hvc1 and as legacy codec 12 reads back identically (ffmpeg 5.1 reads neither). */
    @Test
    void hevcRoundTripsInBothFlavours() throws Exception {
        List<MediaPacket> in = TestMedia.hevcPackets(2, true);
        try {
            for (boolean legacy : new boolean[]{false, true}) {
                MemorySink sink = new MemorySink();
                FlvWriter w = new FlvWriter(sink, true, true, new FlvWriter.Options(100, legacy));
                for (MediaPacket p : in) w.write(p);
                w.close();
                List<MediaPacket> out = FlvReader.readAll(Unpooled.wrappedBuffer(sink.toByteArray()));
                assertThat(out).hasSameSizeAs(in);
                for (int i = 0; i < in.size(); i++) {
                    assertThat(out.get(i).toString()).isEqualTo(in.get(i).toString());
                    assertThat(ByteBufUtil.equals(out.get(i).payload(), in.get(i).payload())).isTrue();
                }
                FlvReader r = new FlvReader(Unpooled.wrappedBuffer(sink.toByteArray()));
                drain(r);
                assertThat(r.metadata()).containsEntry("width", 320.0).containsEntry("height", 180.0)
                        .containsEntry("videocodecid", (double) (legacy ? 12 : FlvTagBodies.FOURCC_HVC1));
                TestMedia.releaseAll(out);
            }
        } finally {
            TestMedia.releaseAll(in);
        }
    }

    /** Audio-only MP3 passes through; frames that precede their sequence header are dropped. */
    @Test
    void mp3AudioOnlyAndGatingOfEarlyFrames() throws Exception {
        Path clip = TestMedia.clip("mp3_44k.flv", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "1", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "64k");
        List<MediaPacket> in = TestMedia.flvPackets(clip, Integer.MAX_VALUE);
        MemorySink sink = new MemorySink();
        FlvWriter w = new FlvWriter(sink, false, true, FlvWriter.Options.DEFAULT);
        try {
            for (MediaPacket p : in) w.write(p);
            w.close();
        } finally {
            TestMedia.releaseAll(in);
        }
        Path file = TestMedia.tempDir("flvw").resolve("mp3.flv");
        Files.write(file, sink.toByteArray());
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(file);
        assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("mp3");
        assertThat(TestMedia.packets(probe, "audio")).hasSize(in.size());

        MemorySink s2 = new MemorySink();
        FlvWriter gated = new FlvWriter(s2, true, true, FlvWriter.Options.DEFAULT);
        List<MediaPacket> h264 = TestMedia.flvPackets(TestMedia.srcNoBf(), 300_000);
        try {
            MediaPacket delta = h264.stream().filter(p -> p.isVideo() && !p.isKeyframe()).findFirst().orElseThrow();
            MediaPacket aac = h264.stream().filter(p -> p.codec() == Codec.AAC && !p.isSequenceHeader()).findFirst().orElseThrow();
            gated.write(aac);
            gated.write(delta);
            for (MediaPacket p : h264) if (p.isSequenceHeader()) gated.write(p);
            gated.write(delta); // still no keyframe
            gated.close();
        } finally {
            TestMedia.releaseAll(h264);
        }
        List<MediaPacket> out = FlvReader.readAll(Unpooled.wrappedBuffer(s2.toByteArray()));
        assertThat(out).allMatch(MediaPacket::isSequenceHeader).hasSize(2);
        TestMedia.releaseAll(out);
    }

    static void drain(FlvReader r) {
        for (MediaPacket p; (p = r.next()) != null; ) p.release();
    }

    private static void assertKeyframeIndex(byte[] bytes, Map<String, Object> meta, long expected) {
        Map<?, ?> kf = (Map<?, ?>) meta.get("keyframes");
        List<?> pos = (List<?>) kf.get("filepositions");
        List<?> times = (List<?>) kf.get("times");
        assertThat(pos).hasSameSizeAs(times);
        if (expected >= 0) assertThat(pos).hasSize((int) expected);
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        double lastTime = -1;
        for (int i = 0; i < pos.size(); i++) {
            int at = ((Double) pos.get(i)).intValue();
            assertThat(b.getByte(at)).isEqualTo((byte) 9);
            assertThat(b.getByte(at + 11) >> 4).isEqualTo(1); // keyframe
            long ts = b.getUnsignedMedium(at + 4) | ((long) b.getUnsignedByte(at + 7) << 24);
            assertThat((Double) times.get(i) * 1000).isCloseTo(ts, within(0.5));
            assertThat((Double) times.get(i)).isGreaterThan(lastTime);
            lastTime = (Double) times.get(i);
        }
    }
}
