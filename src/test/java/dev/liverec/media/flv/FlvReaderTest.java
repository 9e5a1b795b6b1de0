package dev.liverec.media.flv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
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

class FlvReaderTest {

    /** Every packet matches ffprobe's view of the same bytes: dts, pts, size, keyframe flag, order. */
    @Test
    void packetsMatchFfprobeOneForOne() throws Exception {
        for (Path src : List.of(TestMedia.srcBf(), TestMedia.srcNoBf())) {
            ByteBuf data = TestMedia.readPrefix(src, 1_500_000);
            List<MediaPacket> packets = new ArrayList<>();
            long cut;
            try {
                FlvReader r = new FlvReader(data);
                MediaPacket p;
                while ((p = r.next()) != null) packets.add(p);
                assertThat(r.truncated()).isTrue();
                // cut at the start of the last complete tag so both sides see the same packets
                cut = r.lastTagPosition();
                MediaPacket.safeRelease(packets.remove(packets.size() - 1));
                assertThat(r.metadata()).containsEntry("width", 1280.0).containsKey("framerate");
                Path file = TestMedia.tempDir("flvr").resolve("cut.flv");
                Files.write(file, ByteBufUtil.getBytes(data, 0, (int) cut));
                List<JsonNode> probed = new ArrayList<>();
                TestMedia.ffprobe(file).get("packets").forEach(probed::add);
                List<MediaPacket> frames = packets.stream().filter(x -> !x.isSequenceHeader()).toList();
                assertThat(frames).hasSameSizeAs(probed);
                for (int i = 0; i < frames.size(); i++) {
                    MediaPacket m = frames.get(i);
                    JsonNode f = probed.get(i);
                    String ctx = src.getFileName() + " #" + i + " " + m;
                    assertThat(m.isVideo() ? "video" : "audio").as(ctx).isEqualTo(f.get("codec_type").asText());
                    assertThat(m.dts()).as(ctx).isEqualTo(f.get("dts").asLong());
                    assertThat(m.pts()).as(ctx).isEqualTo(f.get("pts").asLong());
                    assertThat(m.size()).as(ctx).isEqualTo(f.get("size").asInt());
                    assertThat(m.isKeyframe()).as(ctx).isEqualTo(f.get("flags").asText().startsWith("K"));
                }
                assertThat(packets.get(0).isSequenceHeader()).isTrue();
                if (src.equals(TestMedia.srcBf())) assertThat(frames).anyMatch(x -> x.pts() != x.dts());
            } finally {
                TestMedia.releaseAll(packets);
                data.release();
            }
        }
    }

    /** Legacy codec-12 HEVC and Enhanced RTMP (hvc1 with/without composition time, av01) round-trip. */
    @Test
    void hevcAndAv1TagBodiesRoundTrip() {
        byte[] frame = {0, 0, 0, 3, 0x26, 0x01, (byte) 0xAF};
        for (boolean legacy : new boolean[]{true, false}) {
            MediaPacket seq = new MediaPacket(Codec.HEVC, 1000, 1000, true, true, Unpooled.wrappedBuffer(new byte[]{1, 2, 3}));
            MediaPacket key = new MediaPacket(Codec.HEVC, 1040, 1120, true, false, Unpooled.wrappedBuffer(frame));
            MediaPacket inter = new MediaPacket(Codec.HEVC, 1080, 1060, false, false, Unpooled.wrappedBuffer(frame));
            for (MediaPacket in : List.of(seq, key, inter)) {
                MediaPacket out = roundTrip(in, legacy);
                try {
                    assertThat(out.toString()).isEqualTo(in.toString());
                    assertThat(ByteBufUtil.equals(out.payload(), in.payload())).isTrue();
                } finally {
                    out.release();
                    in.release();
                }
            }
        }
        MediaPacket av1 = new MediaPacket(Codec.AV1, 5, 5, true, false, Unpooled.wrappedBuffer(frame));
        MediaPacket back = roundTrip(av1, false);
        assertThat(back.toString()).isEqualTo(av1.toString());
        back.release();
        av1.release();
    }

    @Test
    void enhancedCodedFramesXAndNonFrameBodies() {
        // CodedFramesX (packet type 3): no composition time field, pts == dts
        ByteBuf x = Unpooled.buffer().writeByte(0x80 | 0x10 | 3).writeInt(FlvTagBodies.FOURCC_HVC1).writeBytes(new byte[]{0, 0, 0, 1, 0x40});
        MediaPacket p = FlvTagBodies.video(x, 77);
        assertThat(p.codec()).isEqualTo(Codec.HEVC);
        assertThat(p.isKeyframe()).isTrue();
        assertThat(p.pts()).isEqualTo(77);
        assertThat(p.size()).isEqualTo(5);
        p.release();
        x.release();
        // sequence end (legacy and enhanced), command frame, unknown FourCC, Sorenson: no packet
        assertThat(FlvTagBodies.video(Unpooled.wrappedBuffer(new byte[]{0x17, 2, 0, 0, 0}), 0)).isNull();
        assertThat(FlvTagBodies.video(Unpooled.buffer().writeByte(0x80 | 0x10 | 2).writeInt(FlvTagBodies.FOURCC_HVC1), 0)).isNull();
        assertThat(FlvTagBodies.video(Unpooled.wrappedBuffer(new byte[]{0x57, 0, 0, 0, 0}), 0)).isNull();
        assertThat(FlvTagBodies.video(Unpooled.buffer().writeByte(0x90 | 1).writeInt(FlvTagBodies.fourCc("vp09")), 0)).isNull();
        assertThat(FlvTagBodies.video(Unpooled.wrappedBuffer(new byte[]{0x22, 1, 2}), 0)).isNull();
        // negative composition time survives the signed 24-bit field
        MediaPacket neg = FlvTagBodies.video(Unpooled.wrappedBuffer(new byte[]{0x27, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xF6, 9}), 100);
        assertThat(neg.pts()).isEqualTo(90);
        neg.release();
    }

    @Test
    void timestampWrapIsUnwrappedAndMetadataDecoded() {
        ByteBuf file = Unpooled.buffer();
        file.writeBytes(new byte[]{'F', 'L', 'V', 1, 4, 0, 0, 0, 9, 0, 0, 0, 0});
        ByteBuf meta = Unpooled.buffer();
        ScriptData.writeString(meta, "onMetaData");
        ScriptData.write(meta, Map.of("duration", 3.5, "list", List.of(1.0, "a", true)));
        tag(file, 18, 0, meta);
        for (long ts : new long[]{0xFFFFFF00L, 0xFFFFFFF0L, 0x10L, 0x20L}) {
            tag(file, 8, ts, Unpooled.wrappedBuffer(new byte[]{(byte) 0xAF, 1, 0x21, 0x10}));
        }
        List<Long> dts = new ArrayList<>();
        FlvReader r = new FlvReader(file);
        for (MediaPacket p; (p = r.next()) != null; p.release()) dts.add(p.dts());
        assertThat(dts).containsExactly(0xFFFFFF00L, 0xFFFFFFF0L, 0x100000010L, 0x100000020L);
        assertThat(r.metadata()).containsEntry("duration", 3.5).containsEntry("list", List.of(1.0, "a", true));
        assertThat(r.truncated()).isFalse();
        file.release();
    }

    static void tag(ByteBuf file, int type, long ts, ByteBuf body) {
        int size = body.readableBytes();
        file.writeByte(type).writeMedium(size).writeMedium((int) (ts & 0xFFFFFF)).writeByte((int) (ts >>> 24)).writeMedium(0);
        file.writeBytes(body);
        file.writeInt(11 + size);
        body.release();
    }

    private static MediaPacket roundTrip(MediaPacket in, boolean legacy) {
        ByteBuf body = Unpooled.buffer();
        FlvTagBodies.writeVideoHeader(in, legacy, body);
        assertThat(body.readableBytes()).isEqualTo(FlvTagBodies.videoHeaderLength(in, legacy));
        if (legacy && in.codec() == Codec.HEVC) assertThat(body.getByte(0) & 0x0F).isEqualTo(12);
        if (!legacy) assertThat(body.getByte(0) & 0x80).isNotZero();
        body.writeBytes(in.payload(), in.payload().readerIndex(), in.size());
        MediaPacket out = FlvTagBodies.video(body, in.dts());
        body.release();
        return out;
    }
}
