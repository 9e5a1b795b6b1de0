package dev.liverec.media.mp4;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.TestMedia;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Mp4WriterTest {

    static byte[] fragmented(List<MediaPacket> in, Codec video, Codec audio) throws Exception {
        MemorySink sink = new MemorySink();
        FragmentedMp4Writer w = new FragmentedMp4Writer(sink, video, audio, 1000);
        for (MediaPacket p : in) w.write(p);
        w.close();
        return sink.toByteArray();
    }

    static Mp4Finalizer.Result finalizeTo(Path src, Path dst, long threshold) throws Exception {
        MemorySink out = new MemorySink();
        Mp4Finalizer.Result r;
        try (SeekableByteChannel ch = Files.newByteChannel(src)) {
            r = Mp4Finalizer.finalize(ch, out, threshold);
        }
        Files.write(dst, out.toByteArray());
        assertThat(r.bytes()).isEqualTo(Files.size(dst));
        return r;
    }

    /** Top-level box types in order. */
    static List<String> topLevel(byte[] file) {
        List<String> out = new ArrayList<>();
        ByteBuf b = Unpooled.wrappedBuffer(file);
        long pos = 0;
        while (pos + 8 <= file.length) {
            long size = b.getUnsignedInt((int) pos);
            out.add(Mp4Boxes.name(b.getInt((int) pos + 4)));
            if (size == 1) size = b.getLong((int) pos + 8);
            if (size < 8) break;
            pos += size;
        }
        return out;
    }

    @Test
    void h264AacFragmentedThenFinalized() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcBf(), 3_000_000);
        Path dir = TestMedia.tempDir("mp4");
        byte[] frag;
        long videoFrames, span;
        try {
            frag = fragmented(in, Codec.H264, Codec.AAC);
            videoFrames = in.stream().filter(p -> p.isVideo() && !p.isSequenceHeader()).count();
            span = in.get(in.size() - 1).dts() - in.get(0).dts();
        } finally {
            TestMedia.releaseAll(in);
        }
        Path fragFile = dir.resolve("rec.fmp4");
        Files.write(fragFile, frag);
        List<String> boxes = topLevel(frag);
        assertThat(boxes.subList(0, 2)).containsExactly("ftyp", "moov");
        assertThat(boxes.stream().filter("moof"::equals).count()).isBetween(span / 1000 - 1, span / 1000 + 2);
        assertThat(TestMedia.decodeErrors(fragFile)).isEmpty();
        JsonNode fp = TestMedia.ffprobe(fragFile);
        assertThat(TestMedia.packets(fp, "video")).hasSize((int) videoFrames);

        Path mp4 = dir.resolve("rec.mp4");
        Mp4Finalizer.Result r = finalizeTo(fragFile, mp4, Mp4Finalizer.STCO_LIMIT);
        assertThat(r.truncated()).isFalse();
        assertThat(r.co64()).isFalse();
        byte[] fin = Files.readAllBytes(mp4);
        assertThat(topLevel(fin)).containsExactly("ftyp", "moov", "mdat");
        assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(mp4);
        JsonNode v = TestMedia.stream(probe, "video");
        assertThat(v.get("codec_name").asText()).isEqualTo("h264");
        assertThat(v.get("width").asInt()).isEqualTo(1280);
        assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("aac");
        assertThat(TestMedia.stream(probe, "audio").get("sample_rate").asInt()).isEqualTo(44100);
        List<JsonNode> video = TestMedia.packets(probe, "video"), audio = TestMedia.packets(probe, "audio");
        assertThat(video).hasSize((int) videoFrames);
        assertThat(video.get(0).get("flags").asText()).startsWith("K");
        double vStart = video.stream().mapToDouble(p -> p.get("pts_time").asDouble()).min().orElseThrow();
        assertThat(Math.abs(vStart - audio.get(0).get("pts_time").asDouble())).isLessThanOrEqualTo(0.05);
        assertThat(Double.parseDouble(v.get("duration").asText()) * 1000).isCloseTo(span, within(2000.0));
        assertThat(probe.get("format").get("duration").asDouble() * 1000).isCloseTo(span, within(2000.0));
        assertThat(r.durationMs()).isCloseTo(span, within(2000L));
        assertThat(TestMedia.indexOf(fin, "stss", 0)).isPositive();
        assertThat(TestMedia.indexOf(fin, "ctts", 0)).isPositive(); // B-frames
        assertThat(TestMedia.indexOf(fin, "co64", 0)).isNegative();
    }

    @Test
    void truncatedFragmentStillFinalizesAndCo64Works() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcNoBf(), 2_000_000);
        byte[] frag;
        try {
            frag = fragmented(in, Codec.H264, Codec.AAC);
        } finally {
            TestMedia.releaseAll(in);
        }
        // cut in the middle of the last fragment's mdat, as a crash would
        int lastMoof = -1;
        for (int i = TestMedia.indexOf(frag, "moof", 0); i >= 0; i = TestMedia.indexOf(frag, "moof", i + 4)) lastMoof = i;
        int mdat = TestMedia.indexOf(frag, "mdat", lastMoof);
        int mdatSize = Unpooled.wrappedBuffer(frag).getInt(mdat - 4);
        byte[] cut = Arrays.copyOf(frag, mdat + mdatSize / 2);
        Path dir = TestMedia.tempDir("mp4cut");
        Path cutFile = dir.resolve("cut.fmp4");
        Files.write(cutFile, cut);
        Path mp4 = dir.resolve("cut.mp4");
        Mp4Finalizer.Result r = finalizeTo(cutFile, mp4, Mp4Finalizer.STCO_LIMIT);
        assertThat(r.truncated()).isTrue();
        assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(mp4);
        assertThat((long) TestMedia.packets(probe, "video").size()).isEqualTo(r.videoSamples()).isPositive();
        assertThat(topLevel(Files.readAllBytes(mp4))).containsExactly("ftyp", "moov", "mdat");

        // a moof cut in half ends the input there
        Files.write(cutFile, Arrays.copyOf(frag, lastMoof + 20));
        Mp4Finalizer.Result r2 = finalizeTo(cutFile, mp4, Mp4Finalizer.STCO_LIMIT);
        assertThat(r2.truncated()).isTrue();
        assertThat(r2.videoSamples()).isLessThanOrEqualTo(r.videoSamples());
        assertThat(TestMedia.decodeErrors(mp4)).isEmpty();

        // co64 forced by a threshold of 0: 64-bit chunk offsets and a 64-bit mdat header
        Path full = dir.resolve("full.fmp4");
        Files.write(full, frag);
        Path big = dir.resolve("co64.mp4");
        Mp4Finalizer.Result r3 = finalizeTo(full, big, 0);
        assertThat(r3.co64()).isTrue();
        byte[] co = Files.readAllBytes(big);
        assertThat(TestMedia.indexOf(co, "co64", 0)).isPositive();
        assertThat(TestMedia.indexOf(co, "stco", 0)).isNegative();
        assertThat(topLevel(co)).containsExactly("ftyp", "moov", "mdat");
        assertThat(TestMedia.decodeErrors(big)).isEmpty();
        assertThat(TestMedia.packets(TestMedia.ffprobe(big), "video")).hasSize((int) r3.videoSamples());
    }

    /** Crash recovery reads whatever is on disk: corrupt boxes give MediaFormatException, never another error. */
    @Test
    void corruptFragmentedFilesFailCleanly() throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(TestMedia.srcNoBf(), 400_000);
        byte[] frag;
        try {
            frag = fragmented(in, Codec.H264, Codec.AAC);
        } finally {
            TestMedia.releaseAll(in);
        }
        int firstMdat = TestMedia.indexOf(frag, "mdat", 0);
        java.util.Random rnd = new java.util.Random(3);
        Path dir = TestMedia.tempDir("mp4bad");
        int refused = 0;
        for (int round = 0; round < 200; round++) {
            byte[] b = frag.clone();
            for (int m = 0; m < 4; m++) b[rnd.nextInt(firstMdat)] = (byte) rnd.nextInt(256);
            Path f = dir.resolve("bad.fmp4");
            Files.write(f, b);
            try (SeekableByteChannel ch = Files.newByteChannel(f)) {
                Mp4Finalizer.finalize(ch, new MemorySink());
            } catch (dev.liverec.media.MediaFormatException e) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
    }

    @Test
    void hevcAacAndMp3() throws Exception {
        Path dir = TestMedia.tempDir("mp4h");
        List<MediaPacket> in = TestMedia.hevcPackets(3, true);
        byte[] frag;
        try {
            frag = fragmented(in, Codec.HEVC, Codec.AAC);
        } finally {
            TestMedia.releaseAll(in);
        }
        Path f = dir.resolve("hevc.fmp4");
        Files.write(f, frag);
        assertThat(TestMedia.decodeErrors(f)).isEmpty();
        Path mp4 = dir.resolve("hevc.mp4");
        finalizeTo(f, mp4, Mp4Finalizer.STCO_LIMIT);
        assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(mp4);
        JsonNode v = TestMedia.stream(probe, "video");
        assertThat(v.get("codec_name").asText()).isEqualTo("hevc");
        assertThat(v.get("codec_tag_string").asText()).isEqualTo("hvc1");
        assertThat(v.get("height").asInt()).isEqualTo(180);
        assertThat(TestMedia.packets(probe, "video")).hasSize(30);
        assertThat(Double.parseDouble(v.get("duration").asText())).isCloseTo(3.0, within(0.05));

        Path clip = TestMedia.clip("mp3_44k.flv", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "1", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "64k");
        List<MediaPacket> mp3 = TestMedia.flvPackets(clip, Integer.MAX_VALUE);
        try {
            frag = fragmented(mp3, null, Codec.MP3);
        } finally {
            TestMedia.releaseAll(mp3);
        }
        Path mf = dir.resolve("mp3.fmp4");
        Files.write(mf, frag);
        Path mm = dir.resolve("mp3.mp4");
        finalizeTo(mf, mm, Mp4Finalizer.STCO_LIMIT);
        assertThat(TestMedia.decodeErrors(mm)).isEmpty();
        JsonNode ap = TestMedia.ffprobe(mm);
        assertThat(TestMedia.stream(ap, "audio").get("codec_name").asText()).isEqualTo("mp3");
        assertThat(TestMedia.packets(ap, "audio")).hasSize(mp3.size());
    }
}
