package dev.liverec.record.output.mp4;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import dev.liverec.media.mp4.BoxHeader;
import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.record.output.FileSink;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, D4, for MP4: a recording that hits ENOSPC aborts its output, and the MP4 writer must give back the
 * packets of the fragment it has not written yet (retained); a recording finished on a disk without room for the
 * moov-first copy is finished in place (moov at the end) instead of failing.
 */
class Mp4OutputTest {

    /** Records the first {@code bytes} of the B-frame source through an output; returns the video frames written. */
    private static long record(Mp4Output out, int bytes) {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), bytes);
        try {
            for (MediaPacket p : in) out.write(p, p.dts(), p.pts());
            return in.stream().filter(p -> p.isVideo() && !p.isSequenceHeader()).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            TestMedia.releaseAll(in);
        }
    }

    @Test
    void finishesInPlaceWhenTheDiskHasNoRoomForTheCopy() throws Exception {
        Path dir = TestMedia.tempDir("mp4full");
        for (boolean room : new boolean[]{true, false}) {
            Path part = dir.resolve("rec" + room + ".part.mp4");
            FileSink sink = FileSink.create(part, FileSink.WriteObserver.NONE);
            FragmentedMp4Writer writer = new FragmentedMp4Writer(sink, Codec.H264, Codec.AAC, 1000);
            Mp4Output out = new Mp4Output(sink, writer, part,
                    room ? Mp4Output.FreeSpace.DISK : file -> Files.size(file)); // no room for a copy
            long frames = record(out, 2_000_000);
            List<Path> files = out.finish("rec" + room);

            Path mp4 = files.get(0);
            assertThat(mp4.getFileName().toString()).isEqualTo("rec" + room + ".mp4");
            assertThat(part).doesNotExist();
            List<String> boxes = new java.util.ArrayList<>();
            try (FileChannel ch = FileChannel.open(mp4)) {
                for (BoxHeader h = BoxHeader.read(ch, 0); h != null; h = BoxHeader.read(ch, h.end())) boxes.add(h.type());
            }
            if (room) assertThat(boxes).containsExactly("ftyp", "moov", "mdat");
            else assertThat(boxes.get(boxes.size() - 1)).isEqualTo("moov");
            assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
            assertThat(TestMedia.packets(TestMedia.ffprobe(mp4), "video")).hasSize((int) frames);
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("recfalse.mp4", "rectrue.mp4");
        }
    }

    @Test
    void abortMidFragmentReleasesEveryHeldPacket() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 1_500_000);
        Path part = TestMedia.tempDir("mp4abort").resolve("rec.part.mp4");
        FileSink sink = FileSink.create(part, FileSink.WriteObserver.NONE);
        FragmentedMp4Writer writer = new FragmentedMp4Writer(sink, Codec.H264, Codec.AAC, 1000);
        Mp4Output out = new Mp4Output(sink, writer, part, Mp4Output.FreeSpace.DISK);
        try {
            long first = in.get(0).dts();
            // past the first fragment, into the second: some packets written, the rest held by the writer
            List<MediaPacket> fed = in.stream().filter(p -> p.dts() - first < 1500).toList();
            for (MediaPacket p : fed) out.write(p, p.dts(), p.pts());
            assertThat(fed.stream().filter(p -> p.refCnt() > 1)).as("held by the open fragment").isNotEmpty();
            assertThat(fed.stream().filter(p -> !p.isSequenceHeader() && p.refCnt() == 1))
                    .as("the first fragment went to the sink").isNotEmpty();

            out.abort();

            assertThat(fed).allSatisfy(p -> assertThat(p.refCnt()).as(p.toString()).isEqualTo(1));
            assertThat(part).as("left for recovery").exists();
            out.abort(); // twice is harmless
        } finally {
            TestMedia.releaseAll(in);
        }
        assertThat(in).allSatisfy(p -> {
            assertThat(p.refCnt()).isZero();
            assertThat(p.payload().refCnt()).isZero();
        });
    }
}
