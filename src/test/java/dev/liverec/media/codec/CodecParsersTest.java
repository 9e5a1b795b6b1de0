package dev.liverec.media.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecParsersTest {

    @Test
    void avcConfigOfBenchSourceMatchesFfprobe() {
        List<MediaPacket> packets = TestMedia.flvPackets(TestMedia.srcNoBf(), 300_000);
        try {
            MediaPacket seq = packets.stream().filter(p -> p.isVideo() && p.isSequenceHeader()).findFirst().orElseThrow();
            AvcDecoderConfig c = AvcDecoderConfig.parse(seq.payload());
            JsonNode s = TestMedia.stream(TestMedia.probeStreams(TestMedia.srcNoBf()), "video");
            assertThat(c.width()).isEqualTo(s.get("width").asInt()).isEqualTo(1280);
            assertThat(c.height()).isEqualTo(s.get("height").asInt());
            assertThat(c.levelIdc()).isEqualTo(s.get("level").asInt());
            assertThat(c.firstSps().profileName()).isEqualTo(s.get("profile").asText());
            assertThat(c.nalLengthSize()).isEqualTo(s.get("nal_length_size").asInt());
            assertThat(c.sps()).hasSize(1);
            assertThat(c.pps()).hasSize(1);
            assertThat(c.codecString()).startsWith("avc1.4d");
        } finally {
            TestMedia.releaseAll(packets);
        }
    }

    /** Cropping (odd sizes), field coding (frame_mbs_only=0), 4:2:2 and 4:4:4 chroma units, High profiles. */
    @Test
    void h264SpsVariantsMatchFfprobe() {
        String[][] variants = {
                {"h264_crop.flv", "202x118", "yuv420p", ""},
                {"h264_interlaced.flv", "320x180", "yuv420p", "interlaced=1"},
                {"h264_422.flv", "202x118", "yuv422p", ""},
                {"h264_444.flv", "198x94", "yuv444p", ""},
        };
        for (String[] v : variants) {
            Path clip = TestMedia.clip(v[0], "-f", "lavfi", "-i", "testsrc=size=" + v[1] + ":rate=10",
                    "-frames:v", "2", "-c:v", "libx264", "-pix_fmt", v[2],
                    "-x264-params", v[3].isEmpty() ? "log=-1" : v[3] + ":log=-1");
            List<MediaPacket> packets = TestMedia.flvPackets(clip, Integer.MAX_VALUE);
            try {
                AvcDecoderConfig c = AvcDecoderConfig.parse(packets.get(0).payload());
                JsonNode s = TestMedia.stream(TestMedia.probeStreams(clip), "video");
                assertThat(c.width()).as(v[0]).isEqualTo(s.get("width").asInt());
                assertThat(c.height()).as(v[0]).isEqualTo(s.get("height").asInt());
                assertThat(c.firstSps().profileName()).as(v[0]).isEqualTo(s.get("profile").asText());
                assertThat(c.firstSps().frameMbsOnly()).as(v[0]).isEqualTo(v[3].isEmpty());
            } finally {
                TestMedia.releaseAll(packets);
            }
        }
    }

    @Test
    void hevcConfigMatchesFfprobe() throws Exception {
        String[][] variants = {{"hevc_crop.mp4", "202x118", "yuv420p"}, {"hevc_main10.mp4", "320x180", "yuv420p10le"}};
        for (String[] v : variants) {
            Path clip = TestMedia.clip(v[0], "-f", "lavfi", "-i", "testsrc=size=" + v[1] + ":rate=10",
                    "-frames:v", "2", "-c:v", "libx265", "-pix_fmt", v[2], "-x265-params", "log-level=error",
                    "-tag:v", "hvc1");
            byte[] mp4 = Files.readAllBytes(clip);
            int at = TestMedia.indexOf(mp4, "hvcC", 0);
            int size = Unpooled.wrappedBuffer(mp4).getInt(at - 4);
            HevcDecoderConfig c = HevcDecoderConfig.parse(Unpooled.wrappedBuffer(mp4, at + 4, size - 8));
            JsonNode s = TestMedia.stream(TestMedia.probeStreams(clip), "video");
            assertThat(c.width()).as(v[0]).isEqualTo(s.get("width").asInt());
            assertThat(c.height()).as(v[0]).isEqualTo(s.get("height").asInt());
            assertThat(c.firstSps().profileName()).as(v[0]).isEqualTo(s.get("profile").asText());
            assertThat(c.levelIdc()).as(v[0]).isEqualTo(s.get("level").asInt());
            assertThat(c.vps()).hasSize(1);
            assertThat(c.pps()).hasSize(1);
            assertThat(c.nalLengthSize()).isEqualTo(4);
        }
    }

    @Test
    void aacConfigOfBenchSource() {
        List<MediaPacket> packets = TestMedia.flvPackets(TestMedia.srcNoBf(), 100_000);
        try {
            MediaPacket seq = packets.stream().filter(p -> p.isAudio() && p.isSequenceHeader()).findFirst().orElseThrow();
            AacConfig c = AacConfig.parse(seq.payload());
            assertThat(c.objectType()).isEqualTo(2);
            assertThat(c.sampleRate()).isEqualTo(44100);
            assertThat(c.channels()).isEqualTo(2);
            assertThat(c.codecString()).isEqualTo("mp4a.40.2");
        } finally {
            TestMedia.releaseAll(packets);
        }
    }

    @Test
    void heAacReportsCoreObjectTypeAndRate() {
        // AOT 5 (SBR), 24 kHz (index 6), stereo, extension rate 48 kHz (index 3), core AOT 2
        // bits: 00101 0110 0010 0011 00010 000
        byte[] asc = {(byte) 0x2B, (byte) 0x11, (byte) 0x88, (byte) 0x00};
        AacConfig c = AacConfig.parse(asc);
        assertThat(c.objectType()).isEqualTo(2);
        assertThat(c.extensionObjectType()).isEqualTo(5);
        assertThat(c.sampleRate()).isEqualTo(24000);
        assertThat(c.channels()).isEqualTo(2);
        assertThatThrownBy(() -> AacConfig.parse(new byte[]{0x07, (byte) 0x90})) // AOT 0
                .isInstanceOf(MediaFormatException.class);
    }

    /** ADTS headers built from the AudioSpecificConfig make a stream ffmpeg decodes without a single error. */
    @Test
    void adtsHeadersDecodeCleanly() throws Exception {
        List<MediaPacket> packets = TestMedia.flvPackets(TestMedia.srcNoBf(), 600_000);
        Path out = TestMedia.tempDir("adts").resolve("a.aac");
        ByteBuf buf = Unpooled.buffer();
        int frames = 0;
        try {
            AacConfig c = null;
            for (MediaPacket p : packets) {
                if (p.codec() != Codec.AAC) continue;
                if (p.isSequenceHeader()) {
                    c = AacConfig.parse(p.payload());
                    continue;
                }
                c.writeAdtsHeader(buf, p.size());
                buf.writeBytes(p.payload(), p.payload().readerIndex(), p.size());
                frames++;
            }
            Files.write(out, io.netty.buffer.ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
            TestMedia.releaseAll(packets);
        }
        JsonNode probe = TestMedia.ffprobe(out);
        JsonNode s = TestMedia.stream(probe, "audio");
        assertThat(s.get("codec_name").asText()).isEqualTo("aac");
        assertThat(s.get("sample_rate").asInt()).isEqualTo(44100);
        assertThat(s.get("channels").asInt()).isEqualTo(2);
        assertThat(TestMedia.packets(probe, "audio")).hasSize(frames);
        assertThat(TestMedia.decodeErrors(out)).isEmpty();
    }

    @Test
    void mp3HeadersGiveFrameLengthsAndFormat() {
        String[][] variants = {{"mp3_44k.flv", "44100", "2"}, {"mp3_22k_mono.flv", "22050", "1"}};
        for (String[] v : variants) {
            Path clip = TestMedia.clip(v[0], "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + v[1],
                    "-t", "1", "-ac", v[2], "-c:a", "libmp3lame", "-b:a", "64k");
            List<MediaPacket> packets = TestMedia.flvPackets(clip, Integer.MAX_VALUE);
            try {
                assertThat(packets).isNotEmpty();
                for (MediaPacket p : packets) {
                    assertThat(p.codec()).isEqualTo(Codec.MP3);
                    Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload());
                    assertThat(h.frameLength()).as(p.toString()).isEqualTo(p.size());
                    assertThat(h.sampleRate()).isEqualTo(Integer.parseInt(v[1]));
                    assertThat(h.channels()).isEqualTo(Integer.parseInt(v[2]));
                    assertThat(h.layer()).isEqualTo(3);
                    assertThat(h.samplesPerFrame()).isEqualTo(v[1].equals("44100") ? 1152 : 576);
                }
            } finally {
                TestMedia.releaseAll(packets);
            }
        }
        assertThatThrownBy(() -> Mp3FrameHeader.parse(0x12345678)).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void bitReaderExpGolombAndEmulationPrevention() {
        // 1 | 010 | 011 | 00100 | 00101 → ue 0,1,2,3 then se of 4 = -2
        BitReader r = new BitReader(new byte[]{(byte) 0b1010_0110, (byte) 0b0100_0010, (byte) 0b1000_0000});
        assertThat(r.ue()).isEqualTo(0);
        assertThat(r.ue()).isEqualTo(1);
        assertThat(r.ue()).isEqualTo(2);
        assertThat(r.ue()).isEqualTo(3);
        assertThat(r.se()).isEqualTo(-2);
        byte[] rbsp = NalUnits.toRbsp(new byte[]{1, 0, 0, 3, 1, 0, 0, 3, 0, 3}, 0, 10);
        assertThat(rbsp).containsExactly(1, 0, 0, 1, 0, 0, 0, 3);
        assertThatThrownBy(() -> new BitReader(new byte[]{0, 0, 0, 0, 0}).ue()).isInstanceOf(MediaFormatException.class);
        assertThatThrownBy(() -> AvcDecoderConfig.parse(Unpooled.wrappedBuffer(new byte[]{1, 77, 0, 31, (byte) 0xFF, (byte) 0xE1, 0, 40})))
                .isInstanceOf(MediaFormatException.class);
    }
}
