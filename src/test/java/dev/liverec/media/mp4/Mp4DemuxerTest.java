package dev.liverec.media.mp4;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Mp4Demuxer} against the MP4s we write (fragmented, then finished moov-first with stco or co64, or in place
 * with the moov at the end): every frame comes back with its payload, keyframe flag, composition offset and a time
 * within 1 ms of a constant offset from the source, the same for both tracks (the edit lists align them), and the
 * sequence headers first, unchanged.
 */
class Mp4DemuxerTest {

    @Test
    void finishedMp4sReadBackFrameForFrame() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 3_000_000);
        try {
            byte[] frag = Mp4WriterTest.fragmented(in, Codec.H264, Codec.AAC);
            Path dir = TestMedia.tempDir("mp4demux");
            Path fragFile = Files.write(dir.resolve("frag.mp4"), frag);
            Path stco = dir.resolve("stco.mp4"), co64 = dir.resolve("co64.mp4"), atEnd = Files.write(dir.resolve("end.mp4"), frag);
            Mp4WriterTest.finalizeTo(fragFile, stco, Mp4Finalizer.STCO_LIMIT);
            Mp4WriterTest.finalizeTo(fragFile, co64, 0);
            try (FileChannel ch = FileChannel.open(atEnd, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MoovAtEnd.finish(ch);
            }
            for (Path mp4 : List.of(stco, co64, atEnd)) compare(in, Files.readAllBytes(mp4));
        } finally {
            TestMedia.releaseAll(in);
        }
    }

    private static void compare(List<MediaPacket> in, byte[] mp4) {
        Mp4Demuxer d = new Mp4Demuxer(Unpooled.wrappedBuffer(mp4));
        List<MediaPacket> out = new ArrayList<>();
        try {
            for (MediaPacket p; (p = d.next()) != null; ) out.add(p);
            assertThat(out.get(0).isSequenceHeader() && out.get(1).isSequenceHeader()).isTrue();
            for (Codec c : List.of(Codec.H264, Codec.AAC)) {
                MediaPacket a = header(in, c), b = header(out, c);
                assertThat(ByteBufUtil.equals(a.payload(), b.payload())).as(c + " config").isTrue();
            }
            Long offset = null;
            for (Codec c : List.of(Codec.H264, Codec.AAC)) {
                List<MediaPacket> src = frames(in, c), got = frames(out, c);
                int at = 0; // the writer starts audio with the video: frames before it are not written
                while (at < src.size() && !ByteBufUtil.equals(src.get(at).payload(), got.get(0).payload())) at++;
                assertThat(at).as(c + " frames dropped at the start").isLessThanOrEqualTo(2);
                src = src.subList(at, src.size());
                assertThat(got).hasSize(src.size());
                long trackOffset = got.get(0).pts() - src.get(0).pts();
                if (offset == null) offset = trackOffset;
                assertThat(trackOffset).as(c + " against the other track").isBetween(offset - 2, offset + 2);
                for (int i = 0; i < got.size(); i++) {
                    MediaPacket s = src.get(i), g = got.get(i);
                    assertThat(ByteBufUtil.equals(s.payload(), g.payload())).as(c + " payload " + i).isTrue();
                    assertThat(g.isKeyframe()).as(c + " key " + i).isEqualTo(s.isKeyframe());
                    assertThat(g.dts() - s.dts()).as(c + " dts " + i).isBetween(trackOffset - 1, trackOffset + 1);
                    assertThat(g.compositionTime()).as(c + " cts " + i).isBetween(s.compositionTime() - 1, s.compositionTime() + 1);
                }
            }
        } finally {
            TestMedia.releaseAll(out);
        }
    }

    private static MediaPacket header(List<MediaPacket> l, Codec c) {
        return l.stream().filter(p -> p.codec() == c && p.isSequenceHeader()).findFirst().orElseThrow();
    }

    private static List<MediaPacket> frames(List<MediaPacket> l, Codec c) {
        return l.stream().filter(p -> p.codec() == c && !p.isSequenceHeader()).toList();
    }
}
