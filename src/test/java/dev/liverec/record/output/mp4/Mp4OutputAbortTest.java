package dev.liverec.record.output.mp4;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.record.output.FileSink;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, D4: a recording that hits ENOSPC aborts its output instead of finishing it. The MP4 writer holds the
 * packets of the fragment it has not written yet (retained); abort must give every one of them back.
 */
class Mp4OutputAbortTest {

    @Test
    void abortMidFragmentReleasesEveryHeldPacket() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 1_500_000);
        Path part = TestMedia.tempDir("mp4abort").resolve("rec.part.mp4");
        FileSink sink = FileSink.create(part, FileSink.WriteObserver.NONE);
        FragmentedMp4Writer writer = new FragmentedMp4Writer(sink, Codec.H264, Codec.AAC, 1000);
        Mp4Output out = new Mp4Output(sink, writer, part);
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
