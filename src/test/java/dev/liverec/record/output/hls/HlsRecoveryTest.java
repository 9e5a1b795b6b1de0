package dev.liverec.record.output.hls;

import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.record.output.OutputFormat.RecoveredFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Recovery reads a part playlist with {@link HlsPlaylist#parse} and ends it under its final name. */
class HlsRecoveryTest {
    @Test
    void aPartPlaylistIsEndedAndRenamedWithItsListedSegments(@TempDir Path dir) throws Exception {
        HlsPlaylist live = new HlsPlaylist(4);
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        live.add(new HlsPlaylist.Segment("r1-1000-00001.ts", 4000, t0, false));
        live.add(new HlsPlaylist.Segment("r1-1000-00002.ts", 3520, t0.plusMillis(4000), true));
        Files.writeString(dir.resolve("r1-1000.part.m3u8"), live.render(), StandardCharsets.US_ASCII);
        Files.write(dir.resolve("r1-1000-00001.ts"), new byte[188]);
        Files.write(dir.resolve("r1-1000-00002.ts"), new byte[188]);
        Files.write(dir.resolve("r1-1000-00003.ts"), new byte[100]); // torn at the crash: no whole frame

        List<RecoveredFile> files = HlsRecovery.recover(dir, (part, ms) -> "named-" + part + "-" + ms);

        assertThat(files).hasSize(1);
        RecoveredFile f = files.get(0);
        assertThat(f.stem()).isEqualTo("named-r1-1000.part-7520");
        assertThat(f.partName()).isEqualTo("r1-1000.part");
        assertThat(f.durationMillis()).isEqualTo(7520);
        assertThat(f.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("named-r1-1000.part-7520.m3u8", "r1-1000-00001.ts", "r1-1000-00002.ts");
        HlsPlaylist ended = HlsPlaylist.parse(Files.readString(f.files().get(0)));
        assertThat(ended.ended()).isTrue();
        assertThat(ended.segments()).isEqualTo(live.segments());
        assertThat(dir.resolve("r1-1000.part.m3u8")).doesNotExist();
        assertThat(dir.resolve("r1-1000-00003.ts")).doesNotExist();
    }
}
