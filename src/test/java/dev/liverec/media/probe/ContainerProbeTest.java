package dev.liverec.media.probe;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Codecs and picture size read back from real files (ffmpeg-made, odd sizes so cropping counts). */
class ContainerProbeTest {
    @TempDir
    Path dir;

    private Path make(String name, String size, String vcodec, String acodec, String... extra) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        if (vcodec != null) cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=25"));
        if (acodec != null) cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"));
        cmd.addAll(List.of("-t", "1"));
        if (vcodec != null) cmd.addAll(List.of("-c:v", vcodec, "-pix_fmt", "yuv420p"));
        if ("libx265".equals(vcodec)) cmd.addAll(List.of("-x265-params", "log-level=error"));
        if (acodec != null) cmd.addAll(List.of("-c:a", acodec));
        cmd.addAll(List.of(extra));
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffmpeg: " + log);
        return out;
    }

    @Test
    void flvGivesH264SizeAndAac() throws Exception {
        TrackFacts t = ContainerProbe.probe(make("a.flv", "322x182", "libx264", "aac"));
        assertThat(t).isEqualTo(new TrackFacts(Codec.H264, Codec.AAC, 322, 182));
        assertThat(t.videoCodec()).isEqualTo("h264");
        assertThat(t.audioCodec()).isEqualTo("aac");
    }

    @Test
    void flvAudioOnlyWithMp3() throws Exception {
        assertThat(ContainerProbe.probe(make("a.flv", null, null, "libmp3lame")))
                .isEqualTo(new TrackFacts(null, Codec.MP3, 0, 0));
    }

    @Test
    void progressiveMp4GivesH264SizeAndAac() throws Exception {
        assertThat(ContainerProbe.probe(make("a.mp4", "322x182", "libx264", "aac", "-movflags", "+faststart")))
                .isEqualTo(new TrackFacts(Codec.H264, Codec.AAC, 322, 182));
    }

    @Test
    void mp4WithMdatFirstHevcAndMp3() throws Exception {
        assertThat(ContainerProbe.probe(make("h.mp4", "352x198", "libx265", "libmp3lame", "-tag:v", "hvc1")))
                .isEqualTo(new TrackFacts(Codec.HEVC, Codec.MP3, 352, 198));
    }

    @Test
    void fragmentedMp4() throws Exception {
        assertThat(ContainerProbe.probe(make("f.mp4", "320x240", "libx264", "aac",
                "-movflags", "frag_keyframe+empty_moov")))
                .isEqualTo(new TrackFacts(Codec.H264, Codec.AAC, 320, 240));
    }

    @Test
    void tsSegmentsFromPmtAndSps() throws Exception {
        assertThat(ContainerProbe.probe(make("a.ts", "322x182", "libx264", "aac")))
                .isEqualTo(new TrackFacts(Codec.H264, Codec.AAC, 322, 182));
        assertThat(ContainerProbe.probe(make("h.ts", "352x198", "libx265", "libmp3lame")))
                .isEqualTo(new TrackFacts(Codec.HEVC, Codec.MP3, 352, 198));
        assertThat(ContainerProbe.probe(make("v.ts", "176x144", "libx264", null)))
                .isEqualTo(new TrackFacts(Codec.H264, null, 176, 144));
    }

    @Test
    void adtsIsAac() throws Exception {
        assertThat(ContainerProbe.probe(make("a.aac", null, null, "aac")))
                .isEqualTo(new TrackFacts(null, Codec.AAC, 0, 0));
    }

    @Test
    void mp4DurationFromMvhd() throws Exception {
        Path f = make("d.mp4", "160x120", "libx264", "aac", "-t", "2.5");
        assertThat(ContainerProbe.mp4DurationMillis(f)).isBetween(2450L, 2600L);
        assertThatThrownBy(() -> ContainerProbe.mp4DurationMillis(make("d.flv", "160x120", "libx264", null)))
                .isInstanceOf(MediaFormatException.class);
    }

    @Test
    void mp3FramesAreMp3() throws Exception {
        assertThat(ContainerProbe.probe(make("a.mp3", null, null, "libmp3lame", "-write_xing", "0", "-id3v2_version", "0")))
                .isEqualTo(new TrackFacts(null, Codec.MP3, 0, 0));
        assertThat(ContainerProbe.probe(make("t.mp3", null, null, "libmp3lame")))
                .isEqualTo(new TrackFacts(null, Codec.MP3, 0, 0)); // ID3v2 first
    }

    @Test
    void unknownBytesAreRefused() throws Exception {
        Path f = dir.resolve("x.bin");
        Files.writeString(f, "#EXTM3U\n#EXT-X-ENDLIST\n");
        assertThatThrownBy(() -> ContainerProbe.probe(f)).isInstanceOf(MediaFormatException.class);
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertThatThrownBy(() -> ContainerProbe.probe(empty)).isInstanceOf(MediaFormatException.class);
    }

    @Test
    void mp4WithoutMoovIsRefused() throws Exception {
        Path f = dir.resolve("cut.mp4");
        byte[] full = Files.readAllBytes(make("m.mp4", "160x120", "libx264", null));
        Files.write(f, java.util.Arrays.copyOf(full, 32)); // ftyp only
        assertThatThrownBy(() -> ContainerProbe.probe(f)).isInstanceOf(MediaFormatException.class);
    }
}
