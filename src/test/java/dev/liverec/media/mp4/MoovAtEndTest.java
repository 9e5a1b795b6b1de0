package dev.liverec.media.mp4;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A fragmented MP4 finished in place (a full disk has no room for the moov-first copy): moov at the end, every
 * sample where it was, as playable as the copy; and safe to run again after a crash part-way.
 */
class MoovAtEndTest {

    private static FileChannel open(Path p) throws Exception {
        return FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Test
    void finishesInPlaceAsPlayableAsTheCopy() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 3_000_000);
        byte[] frag;
        long videoFrames, span;
        try {
            frag = Mp4WriterTest.fragmented(in, Codec.H264, Codec.AAC);
            videoFrames = in.stream().filter(p -> p.isVideo() && !p.isSequenceHeader()).count();
            span = in.get(in.size() - 1).dts() - in.get(0).dts();
        } finally {
            TestMedia.releaseAll(in);
        }
        Path dir = TestMedia.tempDir("moovatend");
        Path copy = dir.resolve("copy.mp4");
        Path fragFile = dir.resolve("frag.mp4");
        Files.write(fragFile, frag);
        Mp4WriterTest.finalizeTo(fragFile, copy, Mp4Finalizer.STCO_LIMIT);

        for (long co64Threshold : new long[]{Mp4Finalizer.STCO_LIMIT, 0}) {
            Path mp4 = dir.resolve("inplace-" + co64Threshold + ".mp4");
            Files.write(mp4, frag);
            try (FileChannel ch = open(mp4)) {
                MoovAtEnd.finish(ch, co64Threshold);
                assertThat(MoovAtEnd.begun(ch)).isTrue();
            }
            byte[] fin = Files.readAllBytes(mp4);
            List<String> boxes = Mp4WriterTest.topLevel(fin);
            assertThat(boxes.get(0)).isEqualTo("ftyp");
            assertThat(boxes.get(boxes.size() - 1)).isEqualTo("moov");
            assertThat(boxes).containsOnly("ftyp", "free", "mdat", "moov").containsOnlyOnce("moov");
            assertThat(fin.length - frag.length).as("only the new moov was added").isLessThan(64 * 1024);
            assertThat(TestMedia.indexOf(fin, "co64", 0) > 0).isEqualTo(co64Threshold == 0);
            assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
            JsonNode probe = TestMedia.ffprobe(mp4);
            assertThat(TestMedia.packets(probe, "video")).hasSize((int) videoFrames);
            assertThat(TestMedia.packets(probe, "audio")).hasSameSizeAs(TestMedia.packets(TestMedia.ffprobe(copy), "audio"));
            assertThat(probe.get("format").get("duration").asDouble() * 1000).isCloseTo(span, within(2000.0));
        }
    }

    @Test
    void runsAgainAfterACrashPartWay() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcNoBf(), 2_000_000);
        byte[] frag;
        try {
            frag = Mp4WriterTest.fragmented(in, Codec.H264, Codec.AAC);
        } finally {
            TestMedia.releaseAll(in);
        }
        Path dir = TestMedia.tempDir("moovatend");
        Path done = dir.resolve("done.mp4");
        Files.write(done, frag);
        try (FileChannel ch = open(done)) {
            MoovAtEnd.finish(ch);
        }
        byte[] finished = Files.readAllBytes(done);

        // cut while appending the moov: a partial moov at the end, nothing freed yet
        Path cutMoov = dir.resolve("cut-moov.mp4");
        Files.write(cutMoov, frag);
        Files.write(cutMoov, java.util.Arrays.copyOfRange(finished, frag.length, frag.length + 100),
                StandardOpenOption.APPEND);
        // cut after the moov, while freeing the fragment boxes: the first moof still a moof
        Path cutFree = dir.resolve("cut-free.mp4");
        byte[] half = finished.clone();
        int moof = TestMedia.indexOf(frag, "moof", 0);
        System.arraycopy(frag, moof, half, moof, 4);
        assertThat(half).isNotEqualTo(finished);
        Files.write(cutFree, half);

        for (Path p : List.of(cutMoov, cutFree, done)) {
            try (FileChannel ch = open(p)) {
                assertThat(MoovAtEnd.begun(ch)).isEqualTo(p != cutMoov);
                MoovAtEnd.finish(ch);
            }
            assertThat(Files.readAllBytes(p)).as(p.getFileName().toString()).isEqualTo(finished);
        }
        assertThat(TestMedia.decodeErrors(done)).isEmpty();
    }
}
