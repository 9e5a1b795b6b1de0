package dev.liverec.media.ts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.TestMedia;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.media.hls.HlsPlaylistChecker;
import dev.liverec.media.hls.HlsSegmenter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TsMuxerTest {

    /** Writes an HLS recording (segments + playlist) of the packets into dir; returns the playlist path. */
    static Path record(List<MediaPacket> in, Codec video, Codec audio, int target, Path dir, List<byte[]> segmentBytes) throws Exception {
        HlsSegmenter segmenter = new HlsSegmenter(target, video != null);
        HlsPlaylist playlist = new HlsPlaylist(target);
        MemorySink sink = new MemorySink();
        TsMuxer mux = new TsMuxer(sink, video, audio);
        Instant wall = Instant.parse("2026-11-25T12:00:00Z");
        int n = 0;
        long segStart = -1;
        for (MediaPacket p : in) {
            if (!p.isSequenceHeader() && segStart >= 0 && segmenter.next(p) != HlsSegmenter.Cut.NONE) {
                finish(dir, n++, sink, playlist, segmenter.lastSegmentMs(), wall.plusMillis(segStart - in.get(0).dts()), segmentBytes);
                segStart = p.dts();
                sink = new MemorySink();
                mux.startSegment(sink);
            }
            long before = mux.bytes();
            mux.write(p);
            if (segStart < 0 && !p.isSequenceHeader() && mux.bytes() > before) {
                segStart = p.dts();
                segmenter.next(p);
            }
        }
        finish(dir, n, sink, playlist, segmenter.currentSegmentMs(), wall.plusMillis(segStart - in.get(0).dts()), segmentBytes);
        mux.close();
        playlist.end();
        Path m3u8 = dir.resolve("index.m3u8");
        Files.writeString(m3u8, playlist.render());
        return m3u8;
    }

    private static void finish(Path dir, int n, MemorySink sink, HlsPlaylist playlist, long ms, Instant pdt, List<byte[]> all) throws Exception {
        byte[] b = sink.toByteArray();
        Files.write(dir.resolve("s" + n + ".ts"), b);
        all.add(b);
        playlist.add(new HlsPlaylist.Segment("s" + n + ".ts", ms, pdt, false));
    }

    @Test
    void h264AacHlsRecordingIsValidEverywhere() throws Exception {
        hlsRecording(TestMedia.srcBf(), 3_000_000, false);
        hlsRecording(TestMedia.srcNoBf(), 1_600_000, false);
    }

    @Test
    void aacOnlyHlsRecording() throws Exception {
        hlsRecording(TestMedia.srcNoBf(), 1_600_000, true);
    }

    private static void hlsRecording(Path source, int bytes, boolean audioOnly) throws Exception {
        List<MediaPacket> in = TestMedia.flvPackets(source, bytes);
        if (audioOnly) {
            List<MediaPacket> audio = new ArrayList<>();
            for (MediaPacket p : in) {
                if (p.isAudio()) audio.add(p);
                else p.release();
            }
            in = audio;
        }
        Path dir = TestMedia.tempDir("hls");
        List<byte[]> segments = new ArrayList<>();
        Path m3u8;
        long span;
        try {
            m3u8 = record(in, audioOnly ? null : Codec.H264, Codec.AAC, audioOnly ? 2 : 4, dir, segments);
            span = in.get(in.size() - 1).dts() - in.get(0).dts();
        } finally {
            TestMedia.releaseAll(in);
        }
        HlsPlaylistChecker.Summary summary = HlsPlaylistChecker.require(Files.readString(m3u8));
        assertThat(summary.uris()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(TestMedia.decodeErrors(m3u8)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(m3u8);
        assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("aac");
        double total = summary.durations().stream().mapToDouble(d -> d.doubleValue()).sum();
        assertThat(total * 1000).isCloseTo(span, within(2000.0));
        assertThat(probe.get("format").get("duration").asDouble() * 1000).isCloseTo(span, within(2000.0));
        assertPacketStructure(segments);
        if (audioOnly) {
            assertThat(TestMedia.stream(probe, "video")).isNull();
            assertThat(summary.durations()).allMatch(d -> d.doubleValue() <= 2.499);
            return;
        }
        assertThat(TestMedia.stream(probe, "video").get("codec_name").asText()).isEqualTo("h264");
        assertThat(TestMedia.stream(probe, "video").get("height").asInt()).isEqualTo(720);
        List<JsonNode> video = TestMedia.packets(probe, "video"), audio = TestMedia.packets(probe, "audio");
        assertThat(video.get(0).get("flags").asText()).startsWith("K");
        double firstVideo = video.get(0).get("pts_time").asDouble(), firstAudio = audio.get(0).get("pts_time").asDouble();
        assertThat(Math.abs(firstVideo - firstAudio)).isLessThanOrEqualTo(0.05);
        // every segment stands alone: starts with PAT/PMT and a keyframe, decodes without errors
        for (int i = 0; i < segments.size(); i++) {
            Path seg = dir.resolve("s" + i + ".ts");
            assertThat(TestMedia.decodeErrors(seg)).as(seg.toString()).isEmpty();
            JsonNode sp = TestMedia.ffprobe(seg);
            assertThat(TestMedia.packets(sp, "video").get(0).get("flags").asText()).startsWith("K");
        }
    }

    /**
     * A re-push inside the resume window: the same muxer continues with rebased timestamps (the rebaser bridges
     * the publisher's restarted clock), the playlist marks EXT-X-DISCONTINUITY, and everything still decodes.
     */
    @Test
    void resumedStreamContinuesThePlaylistAfterADiscontinuity() throws Exception {
        List<MediaPacket> first = TestMedia.flvPackets(TestMedia.srcBf(), 1_300_000);
        List<MediaPacket> second = TestMedia.flvPackets(TestMedia.srcNoBf(), 1_300_000);
        Path dir = TestMedia.tempDir("hlsresume");
        HlsSegmenter segmenter = new HlsSegmenter(4, true);
        HlsPlaylist playlist = new HlsPlaylist(4);
        dev.liverec.media.TimestampRebaser rebaser = new dev.liverec.media.TimestampRebaser();
        List<byte[]> segments = new ArrayList<>();
        MemorySink sink = new MemorySink();
        TsMuxer mux = new TsMuxer(sink, Codec.H264, Codec.AAC);
        int n = 0;
        boolean discontinuity = false;
        long span = 0;
        try {
            for (List<MediaPacket> part : List.of(first, second)) {
                span += part.get(part.size() - 1).dts() - part.get(0).dts();
                boolean partStart = true;
                for (MediaPacket p : part) {
                    long dts = rebaser.rebaseDts(p);
                    if (rebaser.lastWasDiscontinuity() && partStart) {
                        finish(dir, n++, sink, playlist, segmenter.cut(), null, segments, discontinuity);
                        sink = new MemorySink();
                        mux.startSegment(sink);
                        discontinuity = true;
                    }
                    if (!p.isSequenceHeader()) partStart = false;
                    if (segmenter.next(p, dts) != HlsSegmenter.Cut.NONE) {
                        finish(dir, n++, sink, playlist, segmenter.lastSegmentMs(), null, segments, discontinuity);
                        discontinuity = false;
                        sink = new MemorySink();
                        mux.startSegment(sink);
                    }
                    mux.write(p, dts, dts + p.compositionTime());
                }
            }
            finish(dir, n, sink, playlist, segmenter.currentSegmentMs(), null, segments, discontinuity);
        } finally {
            TestMedia.releaseAll(first);
            TestMedia.releaseAll(second);
        }
        mux.close();
        playlist.end();
        Path m3u8 = dir.resolve("index.m3u8");
        Files.writeString(m3u8, playlist.render());
        assertThat(playlist.render()).contains("#EXT-X-DISCONTINUITY");
        HlsPlaylistChecker.Summary summary = HlsPlaylistChecker.require(playlist.render());
        assertThat(TestMedia.decodeErrors(m3u8)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(m3u8);
        double total = summary.durations().stream().mapToDouble(d -> d.doubleValue()).sum();
        assertThat(total * 1000).isCloseTo(span, within(2500.0));
        assertThat(probe.get("format").get("duration").asDouble() * 1000).isCloseTo(span, within(2500.0));
        assertPacketStructure(segments);
    }

    private static void finish(Path dir, int n, MemorySink sink, HlsPlaylist playlist, long ms, Instant pdt,
                               List<byte[]> all, boolean discontinuity) throws Exception {
        byte[] b = sink.toByteArray();
        Files.write(dir.resolve("s" + n + ".ts"), b);
        all.add(b);
        playlist.add(new HlsPlaylist.Segment("s" + n + ".ts", ms, pdt, discontinuity));
    }

    /** 188-byte packets with sync bytes, PAT first in every segment, continuity counters continuous per PID. */
    static void assertPacketStructure(List<byte[]> segments) {
        Map<Integer, Integer> cc = new HashMap<>();
        for (byte[] seg : segments) {
            assertThat(seg.length % 188).isZero();
            assertThat(((seg[1] & 0x1F) << 8) | (seg[2] & 0xFF)).isZero(); // PAT first
            for (int off = 0; off < seg.length; off += 188) {
                assertThat(seg[off]).isEqualTo((byte) 0x47);
                int pid = ((seg[off + 1] & 0x1F) << 8) | (seg[off + 2] & 0xFF);
                int c = seg[off + 3] & 0x0F;
                Integer prev = cc.put(pid, c);
                if (prev != null) assertThat(c).as("cc pid " + pid).isEqualTo((prev + 1) & 15);
            }
        }
    }

    @Test
    void hevcAacTransportStream() throws Exception {
        List<MediaPacket> in = TestMedia.hevcPackets(3, true);
        MemorySink sink = new MemorySink();
        TsMuxer mux = new TsMuxer(sink, Codec.HEVC, Codec.AAC);
        long frames;
        try {
            for (MediaPacket p : in) mux.write(p);
            mux.close();
            frames = in.stream().filter(p -> p.isVideo() && !p.isSequenceHeader()).count();
        } finally {
            TestMedia.releaseAll(in);
        }
        Path file = TestMedia.tempDir("ts").resolve("hevc.ts");
        Files.write(file, sink.toByteArray());
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(file);
        JsonNode v = TestMedia.stream(probe, "video");
        assertThat(v.get("codec_name").asText()).isEqualTo("hevc");
        assertThat(v.get("width").asInt()).isEqualTo(320);
        assertThat(TestMedia.packets(probe, "video")).hasSize((int) frames);
        assertThat(TestMedia.packets(probe, "video").stream().filter(p -> p.get("flags").asText().startsWith("K")).count()).isEqualTo(3);
        assertThat(mux.durationMs()).isCloseTo(3000, within(1L));
        assertPacketStructure(List.of(sink.toByteArray()));
    }

    @Test
    void mp3AudioOnlyTransportStream() throws Exception {
        Path clip = TestMedia.clip("mp3_44k.flv", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "1", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "64k");
        List<MediaPacket> in = TestMedia.flvPackets(clip, Integer.MAX_VALUE);
        MemorySink sink = new MemorySink();
        TsMuxer mux = new TsMuxer(sink, null, Codec.MP3);
        try {
            for (MediaPacket p : in) mux.write(p);
            mux.close();
        } finally {
            TestMedia.releaseAll(in);
        }
        Path file = TestMedia.tempDir("ts").resolve("mp3.ts");
        Files.write(file, sink.toByteArray());
        assertThat(TestMedia.decodeErrors(file)).isEmpty();
        JsonNode probe = TestMedia.ffprobe(file);
        assertThat(TestMedia.stream(probe, "audio").get("codec_name").asText()).isEqualTo("mp3");
        assertThat(TestMedia.packets(probe, "audio")).hasSize(in.size());
    }
}
