package dev.liverec.media.adts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.TestMedia;
import dev.liverec.media.mp3.Mp3Writer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AudioWritersTest {

    @Test
    void aacAudioOnlyAdtsFile() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcNoBf(), 1_500_000);
        MemorySink sink = new MemorySink();
        AdtsWriter w = new AdtsWriter(sink);
        long frames, span;
        try {
            MediaPacket early = in.stream().filter(p -> p.codec() == Codec.AAC && !p.isSequenceHeader()).findFirst().orElseThrow();
            w.write(early); // before the AudioSpecificConfig: dropped
            for (MediaPacket p : in) w.write(p);
            w.close();
            List<MediaPacket> aac = in.stream().filter(p -> p.codec() == Codec.AAC && !p.isSequenceHeader()).toList();
            frames = aac.size();
            span = aac.get(aac.size() - 1).dts() - aac.get(0).dts();
        } finally {
            TestMedia.releaseAll(in);
        }
        assertThat(w.frames()).isEqualTo(frames);
        assertThat(w.durationMs()).isCloseTo(span, within(50L));
        Path file = TestMedia.tempDir("adts").resolve("a.aac");
        Files.write(file, sink.toByteArray());
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(file);
        assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("aac");
        assertThat(TestMedia.stream(probe, "audio").get("channels").asInt()).isEqualTo(2);
        assertThat(TestMedia.packets(probe, "audio")).hasSize((int) frames);
        assertThat(TestMedia.stream(probe, "video")).isNull();
    }

    @Test
    void mp3Passthrough() throws Exception {
        Path clip = TestMedia.clip("mp3_22k_mono.flv", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050",
                "-t", "1", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k");
        List<MediaPacket> in = TestMedia.flvPackets(clip, Integer.MAX_VALUE);
        MemorySink sink = new MemorySink();
        Mp3Writer w = new Mp3Writer(sink);
        try {
            for (MediaPacket p : in) w.write(p);
            w.close();
        } finally {
            TestMedia.releaseAll(in);
        }
        Path file = TestMedia.tempDir("mp3").resolve("a.mp3");
        Files.write(file, sink.toByteArray());
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(file);
        assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("mp3");
        assertThat(TestMedia.stream(probe, "audio").get("sample_rate").asInt()).isEqualTo(22050);
        assertThat(TestMedia.packets(probe, "audio")).hasSize(in.size());
        assertThat(w.durationMs()).isCloseTo(in.size() * 576 * 1000L / 22050, within(1L));
    }
}
