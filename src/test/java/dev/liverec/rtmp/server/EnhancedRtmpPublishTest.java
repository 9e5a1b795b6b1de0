package dev.liverec.rtmp.server;

import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.Mp4Clip;
import dev.liverec.rtmp.PacketRecorder;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.stream.PublishAuthorizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HEVC (and AV1) that Debian's ffmpeg 5.1 cannot publish: encoded by ffmpeg to MP4, sent by the project's own
 * publisher as Enhanced RTMP ({@code hvc1}/{@code av01} FourCC) and as legacy FLV codec id 12.
 */
@Tag("slow")
class EnhancedRtmpPublishTest {
    enum Framing { ENHANCED, ENHANCED_X, CODEC_ID_12 }

    private LeakWatch leaks;
    private RtmpFixture rtmp;
    private ClientLoops loops;
    private final PacketRecorder recorder = new PacketRecorder();

    @BeforeEach
    void start() throws Exception {
        leaks = LeakWatch.install();
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        rtmp.hub.addListener(recorder);
        loops = ClientLoops.create(1);
    }

    @AfterEach
    void stop() throws Exception {
        loops.close();
        rtmp.close();
        leaks.assertNoLeaks();
    }

    @Test
    void hevcAsEnhancedRtmpWithCompositionTimes() throws Exception {
        publishAndCheck(Mp4Clip.make("hevc", 3), "hvc1", Framing.ENHANCED, "hevc");
    }

    @Test
    void hevcAsEnhancedRtmpCodedFramesX() throws Exception {
        // CodedFramesX carries no composition time: only valid where pts == dts, so B-frames are sent as CodedFrames
        publishAndCheck(Mp4Clip.make("hevc", 3), "hvc1", Framing.ENHANCED_X, "hevc");
    }

    @Test
    void hevcAsLegacyCodecId12() throws Exception {
        publishAndCheck(Mp4Clip.make("hevc", 3), null, Framing.CODEC_ID_12, "hevc");
    }

    @Test
    void av1AsEnhancedRtmp() throws Exception {
        publishAndCheck(Mp4Clip.make("av1", 2), "av01", Framing.ENHANCED, "av1");
    }

    private void publishAndCheck(Mp4Clip clip, String fourCc, Framing framing, String codec) throws Exception {
        String name = codec + "-" + framing;
        RtmpPublisher p = RtmpPublisher.connect(loops, rtmp.url("live"), name, fourCc == null ? List.of() : List.of(fourCc));
        p.ready().get(5, TimeUnit.SECONDS);
        p.send(9, 0, tag(framing, fourCc, true, true, 0, clip.config()), false);
        for (Mp4Clip.Sample s : clip.samples()) {
            p.send(9, s.dts(), tag(framing, fourCc, s.key(), false, (int) (s.pts() - s.dts()), s.data()), false);
        }
        if (fourCc != null) p.send(9, clip.samples().get(clip.samples().size() - 1).dts(), endOfSequence(fourCc), false);
        p.flush();
        p.close().sync();
        assertThat(recorder.ended.await(10, TimeUnit.SECONDS)).isTrue();

        List<PacketRecorder.Seen> got = recorder.packets;
        assertThat(got.get(0).header()).isTrue();
        assertThat(got.get(0).codec()).isEqualTo(codec);
        assertThat(got.get(0).size()).isEqualTo(clip.config().length);
        List<String> frames = got.stream().filter(s -> !s.header())
                .map(s -> s.codec() + "/" + s.dts() + "/" + s.pts() + "/" + s.size() + "/" + s.key()).toList();
        List<String> want = clip.samples().stream()
                .map(s -> codec + "/" + s.dts() + "/" + s.pts() + "/" + s.data().length + "/" + s.key()).toList();
        assertThat(frames).containsExactlyElementsOf(want);
        assertThat(want).anyMatch(w -> w.endsWith("/true"));
        if (codec.equals("hevc")) {
            assertThat(clip.samples()).as("B-frames: composition times exercised").anyMatch(s -> s.pts() != s.dts());
        }
        var info = recorder.published.get(0).info();
        assertThat(info.videoCodec()).isEqualTo(codec);
        if (codec.equals("hevc")) {
            assertThat(info.width()).isEqualTo(clip.width());
            assertThat(info.height()).isEqualTo(clip.height());
        }
    }

    private static ByteBuf tag(Framing framing, String fourCc, boolean key, boolean header, int ct, byte[] data) {
        ByteBuf b = Unpooled.buffer(data.length + 8);
        int frameType = key ? 1 : 2;
        if (framing == Framing.CODEC_ID_12) {
            b.writeByte((frameType << 4) | 12).writeByte(header ? 0 : 1).writeMedium(ct);
        } else {
            boolean x = !header && (fourCc.equals("av01") || (framing == Framing.ENHANCED_X && ct == 0));
            int packetType = header ? 0 : x ? 3 : 1;
            if (fourCc.equals("av01") && !header) packetType = 1; // AV1 CodedFrames has no composition time
            b.writeByte(0x80 | (frameType << 4) | packetType).writeBytes(fourCc.getBytes());
            if (packetType == 1 && !fourCc.equals("av01")) b.writeMedium(ct);
        }
        return b.writeBytes(data);
    }

    private static ByteBuf endOfSequence(String fourCc) {
        return Unpooled.buffer().writeByte(0x80 | (1 << 4) | 2).writeBytes(fourCc.getBytes());
    }
}
