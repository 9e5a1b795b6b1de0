package dev.liverec.media.ts;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TsDemuxer} against the TS our own {@link TsMuxer} writes (an HLS recording of several segments): every
 * frame comes back with its payload, timestamps (one constant offset: the muxer's 1.4 s), keyframe flag and codec
 * configuration — with B-frames (pts ≠ dts) and without.
 */
class TsDemuxerTest {

    @Test
    void roundTripWithBFrames() throws Exception {
        roundTrip(TestMedia.srcBf(), 3_000_000);
    }

    @Test
    void roundTripWithoutBFrames() throws Exception {
        roundTrip(TestMedia.srcNoBf(), 1_600_000);
    }

    private static void roundTrip(Path source, int bytes) throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(source, bytes);
        List<byte[]> segments = new ArrayList<>();
        List<MediaPacket> outPackets = new ArrayList<>();
        try {
            TsMuxerTest.record(in, Codec.H264, Codec.AAC, 2, TestMedia.tempDir("tsdemux"), segments);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
            TsDemuxer demuxer = new TsDemuxer();
            for (byte[] s : segments) outPackets.addAll(demuxer.feed(Unpooled.wrappedBuffer(s)));
            outPackets.addAll(demuxer.flush());

            MediaPacket inAvc = first(in, Codec.H264, true), outAvc = first(outPackets, Codec.H264, true);
            AvcDecoderConfig a = AvcDecoderConfig.parse(inAvc.payload()), b = AvcDecoderConfig.parse(outAvc.payload());
            assertThat(b.sps()).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(a.sps());
            assertThat(b.pps()).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(a.pps());
            assertThat(AacConfig.parse(first(outPackets, Codec.AAC, true).payload()))
                    .isEqualTo(AacConfig.parse(first(in, Codec.AAC, true).payload()));
            assertThat(outPackets.stream().filter(MediaPacket::isSequenceHeader)).hasSize(2); // no repeats per segment

            for (Codec c : List.of(Codec.H264, Codec.AAC)) {
                List<MediaPacket> src = frames(in, c), got = frames(outPackets, c);
                assertThat(got).hasSizeGreaterThan(100);
                int at = indexOfPayload(src, got.get(0));
                assertThat(at).as(c + ": first frame found in the source").isGreaterThanOrEqualTo(0);
                assertThat(src.size() - at).as(c + " frames").isEqualTo(got.size());
                for (int i = 0; i < got.size(); i++) {
                    MediaPacket s = src.get(at + i), g = got.get(i);
                    assertThat(ByteBufUtil.equals(s.payload(), g.payload())).as(c + " payload " + i).isTrue();
                    assertThat(g.dts() - s.dts()).as(c + " dts " + i).isEqualTo(first(in, Codec.H264, false).dts() * -1 + 1400);
                    assertThat(g.compositionTime()).as(c + " cts " + i).isEqualTo(s.compositionTime());
                    assertThat(g.isKeyframe()).as(c + " key " + i).isEqualTo(s.isKeyframe());
                }
            }
        } finally {
            TestMedia.releaseAll(in);
            TestMedia.releaseAll(outPackets);
        }
    }

    private static MediaPacket first(List<MediaPacket> l, Codec c, boolean header) {
        return l.stream().filter(p -> p.codec() == c && p.isSequenceHeader() == header).findFirst().orElseThrow();
    }

    private static List<MediaPacket> frames(List<MediaPacket> l, Codec c) {
        return l.stream().filter(p -> p.codec() == c && !p.isSequenceHeader()).toList();
    }

    private static int indexOfPayload(List<MediaPacket> l, MediaPacket p) {
        for (int i = 0; i < l.size(); i++) if (ByteBufUtil.equals(l.get(i).payload(), p.payload())) return i;
        return -1;
    }
}
