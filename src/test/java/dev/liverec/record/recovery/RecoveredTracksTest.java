package dev.liverec.record.recovery;

import dev.liverec.media.Codec;
import dev.liverec.media.probe.TrackFacts;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.mp4.Mp4Format;
import dev.liverec.rtmp.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which file of a recovered set {@link OrphanRecovery#tracks} reads, and that an unreadable one does not throw. */
class RecoveredTracksTest {
    @Test
    void hlsIsReadFromItsFirstSegmentNotThePlaylist(@TempDir Path dir) throws Exception {
        Path playlist = Files.writeString(dir.resolve("a.m3u8"), "#EXTM3U\n#EXTINF:2.000,\na-0.ts\n#EXT-X-ENDLIST\n");
        Path seg = dir.resolve("a-0.ts");
        Ffmpeg.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", Ffmpeg.clip("av-nobf", 2).toString(),
                "-c", "copy", "-f", "mpegts", seg.toString()), 60);
        var f = new OutputFormat.RecoveredFile("a", "r1-1.part", List.of(playlist, seg), 2000, 1);
        assertThat(OrphanRecovery.tracks(f)).isEqualTo(new TrackFacts(Codec.H264, Codec.AAC, 320, 240));
    }

    @Test
    void aFinishedButUncommittedMp4KeepsItsDuration(@TempDir Path dir) throws Exception {
        // what a stop between finishing a file and committing it leaves: the final name, no ".part"
        Path fin = dir.resolve("s1_done.mp4");
        Ffmpeg.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", Ffmpeg.clip("av-nobf", 3).toString(),
                "-c", "copy", "-movflags", "+faststart", fin.toString()), 60);
        var files = new Mp4Format().recover(dir, (part, ms) -> "unused");
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.stem()).isEqualTo("s1_done");
            assertThat(f.partName()).isNull();
            assertThat(f.durationMillis()).isBetween(2900L, 3100L);
        });
    }

    @Test
    void anUnreadableFileLeavesTheTracksUnknown(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("x.flv"), new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0, 9, 0, 0, 5});
        assertThat(OrphanRecovery.tracks(new OutputFormat.RecoveredFile("x", null, List.of(junk), 0, 17)))
                .isEqualTo(TrackFacts.NONE);
        Path noise = Files.write(dir.resolve("y.mp4"), new byte[] {1, 2, 3});
        assertThat(OrphanRecovery.tracks(new OutputFormat.RecoveredFile("y", null, List.of(noise), 0, 3)))
                .isEqualTo(TrackFacts.NONE);
        assertThat(OrphanRecovery.tracks(new OutputFormat.RecoveredFile("z", null, List.of(), 0, 0)))
                .isEqualTo(TrackFacts.NONE);
    }
}
