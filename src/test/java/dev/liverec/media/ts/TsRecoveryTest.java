package dev.liverec.media.ts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.TestMedia;
import org.junit.jupiter.api.Test;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TsRecoveryTest {

    @Test
    void segmentCutByACrashIsTrimmedToWholeFrames() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 1_300_000);
        MemorySink sink = new MemorySink();
        TsMuxer mux = new TsMuxer(sink, Codec.H264, Codec.AAC);
        try {
            for (MediaPacket p : in) mux.write(p);
            mux.close();
        } finally {
            TestMedia.releaseAll(in);
        }
        byte[] ts = sink.toByteArray();
        Path dir = TestMedia.tempDir("tsrec");
        for (int cut : new int[]{ts.length * 3 / 5 + 77, ts.length / 3}) {
            Path file = dir.resolve("seg" + cut + ".ts");
            Files.write(file, Arrays.copyOf(ts, cut));
            TsRecovery.Result r;
            try (SeekableByteChannel ch = Files.newByteChannel(file, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE)) {
                r = TsRecovery.scan(ch);
                assertThat(r.alignedPackets()).isEqualTo(cut % 188 == 0);
                assertThat(r.validLength()).isPositive().isLessThanOrEqualTo(cut);
                assertThat(r.validLength() % 188).isZero();
                ch.truncate(r.validLength());
            }
            assertThat(TestMedia.decodeErrors(file)).isEmpty();
            JsonNode probe = TestMedia.ffprobe(file);
            List<JsonNode> video = TestMedia.packets(probe, "video");
            assertThat(video).hasSize(r.frames());
            assertThat(r.durationMs()).isCloseTo(Math.round(r.frames() * 1000 / 30.0), within(40L));
        }
        // an intact stream: everything but the last frame (whose end is unknown) is kept
        Path whole = dir.resolve("whole.ts");
        Files.write(whole, ts);
        try (SeekableByteChannel ch = Files.newByteChannel(whole)) {
            TsRecovery.Result r = TsRecovery.scan(ch);
            assertThat(r.alignedPackets()).isTrue();
            assertThat(r.durationMs()).isCloseTo(mux.durationMs(), within(70L));
        }
    }
}
