package dev.liverec.media.flv;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.TestMedia;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlvRepairTest {

    @Test
    void unclosedFileIsRepairedToWhatCloseWouldHaveWritten() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 2_000_000);
        MemorySink crashed = new MemorySink();
        MemorySink closed = new MemorySink();
        try {
            FlvWriter a = new FlvWriter(crashed, true, true, FlvWriter.Options.DEFAULT);
            FlvWriter b = new FlvWriter(closed, true, true, FlvWriter.Options.DEFAULT);
            for (MediaPacket p : in) {
                a.write(p);
                b.write(p);
            }
            b.close(); // a is never closed: the process died
        } finally {
            TestMedia.releaseAll(in);
        }
        Path dir = TestMedia.tempDir("flvrep");
        Path file = dir.resolve("crashed.flv");
        Files.write(file, crashed.toByteArray());
        FlvRepair.Result r = repair(file);
        assertThat(r.metadataPatched()).isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(closed.toByteArray());

        // cut inside a tag: the partial tag goes, the rest is indexed and plays
        byte[] all = crashed.toByteArray();
        byte[] cut = Arrays.copyOf(all, all.length * 2 / 3);
        Files.write(file, cut);
        r = repair(file);
        assertThat(r.droppedBytes()).isPositive();
        assertThat(r.size()).isEqualTo(Files.size(file)).isLessThan(cut.length);
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
        FlvReader reader = new FlvReader(Unpooled.wrappedBuffer(Files.readAllBytes(file)));
        FlvWriterTest.drain(reader);
        assertThat(reader.truncated()).isFalse();
        Map<String, Object> meta = reader.metadata();
        assertThat((Double) meta.get("filesize")).isEqualTo((double) Files.size(file));
        assertThat((Double) meta.get("duration") * 1000).isCloseTo(r.durationMs(), within(1.0)).isPositive();
        assertThat(((List<?>) ((Map<?, ?>) meta.get("keyframes")).get("times"))).hasSize(r.keyframes());
        assertThat(r.keyframes()).isPositive();
        // repairing again changes nothing
        byte[] once = Files.readAllBytes(file);
        repair(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(once);
    }

    @Test
    void foreignFlvIsTerminatedButItsMetadataLeftAlone() throws Exception {
        byte[] src = TestMedia.readPrefix(TestMedia.srcNoBf(), 500_000).array();
        Path file = TestMedia.tempDir("flvrep").resolve("foreign.flv");
        Files.write(file, src);
        FlvRepair.Result r = repair(file);
        assertThat(r.metadataPatched()).isFalse();
        byte[] after = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(after, 400)).isEqualTo(Arrays.copyOf(src, 400));
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
    }

    private static FlvRepair.Result repair(Path file) throws Exception {
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return FlvRepair.repair(ch);
        }
    }
}
