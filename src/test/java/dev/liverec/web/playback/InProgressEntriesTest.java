package dev.liverec.web.playback;

import dev.liverec.control.RecordFormat;
import dev.liverec.storage.FilesInProgress.FileInProgress;
import dev.liverec.storage.ObjectKeyLayout;
import dev.liverec.storage.RecordFile;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which work files of a file being written are served, and the work name as an alias once it is finished. */
class InProgressEntriesTest {
    private static final StreamKey STREAM = new StreamKey("d.test", "live", "cam");

    @TempDir
    Path dir;

    private FileInProgress writing(RecordFormat format) {
        return new FileInProgress(ObjectKeyLayout.fileId("rec", "r1-1000.part"), "rec", "n", null, 1, "t", STREAM,
                format, "r1-1000.part", dir, Instant.ofEpochMilli(1000));
    }

    @Test
    void onlyTheLivePlaylistAndTheSegmentsItListsAreServed() throws Exception {
        FileInProgress f = writing(RecordFormat.HLS);
        assertThat(f.mainEntry()).isEqualTo("r1-1000.part.m3u8");
        assertThat(InProgressEntries.local(f, "r1-1000.part.m3u8")).isEmpty(); // not written yet
        Files.writeString(dir.resolve("r1-1000.part.m3u8"), "#EXTM3U\n#EXTINF:4.000,\nr1-1000-00001.ts\n");
        Files.write(dir.resolve("r1-1000-00001.ts"), new byte[188]);
        Files.write(dir.resolve("r1-1000-00002.ts"), new byte[188]); // being written: not listed yet
        assertThat(InProgressEntries.local(f, "r1-1000.part.m3u8")).hasValue(dir.resolve("r1-1000.part.m3u8"));
        assertThat(InProgressEntries.local(f, "r1-1000-00001.ts")).hasValue(dir.resolve("r1-1000-00001.ts"));
        assertThat(InProgressEntries.local(f, "r1-1000-00002.ts")).isEmpty();
        assertThat(InProgressEntries.local(f, "other.flv")).isEmpty();
        assertThat(InProgressEntries.cacheControl("r1-1000.part.m3u8")).isEqualTo("no-cache");
    }

    @Test
    void aSingleFileIsServedUnderItsWorkNameOnly() throws Exception {
        FileInProgress f = writing(RecordFormat.FLV);
        Files.write(dir.resolve("r1-1000.part.flv"), new byte[9]);
        assertThat(InProgressEntries.local(f, "r1-1000.part.flv")).hasValue(dir.resolve("r1-1000.part.flv"));
        assertThat(InProgressEntries.local(f, "r1-1000-00001.ts")).isEmpty();
    }

    @Test
    void theWorkNameOfAFinishedFileNamesItsMainEntry() {
        RecordFile done = finished(ObjectKeyLayout.fileId("rec", "r1-1000.part"));
        assertThat(InProgressEntries.finished(done, "r1-1000.part.m3u8")).hasValue("cam_x.m3u8");
        assertThat(InProgressEntries.finished(done, "r1-1000-00001.ts")).hasValue("r1-1000-00001.ts");
        assertThat(InProgressEntries.finished(done, "cam_x.m3u8")).hasValue("cam_x.m3u8");
        assertThat(InProgressEntries.finished(done, "r2-2000.part.m3u8")).isEmpty(); // another file's work name
        RecordFile recovered = finished(ObjectKeyLayout.fileId("rec", "cam_x"));
        assertThat(InProgressEntries.finished(recovered, "r1-1000.part.m3u8")).isEmpty();
    }

    private static RecordFile finished(String fileId) {
        Instant t = Instant.ofEpochMilli(1000);
        return new RecordFile(fileId, "rec", "cam_x", 1, 1, "t", STREAM, RecordFormat.HLS, t, t, t.plusSeconds(4), 4000,
                376, "h264", "aac", 320, 240, "local", "p/", List.of("cam_x.m3u8", "r1-1000-00001.ts"), "stored", "n",
                false, "task_stop", t, "", t, null);
    }
}
