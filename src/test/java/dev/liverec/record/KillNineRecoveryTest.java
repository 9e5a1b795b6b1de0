package dev.liverec.record;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.control.RecordFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real kill -9 of a recording JVM, then recovery in a fresh engine on the same data directory. */
class KillNineRecoveryTest {
    static Map<RecordFormat, OutputFormat> formats() {
        Map<RecordFormat, OutputFormat> m = new EnumMap<>(OutputFormats.available());
        m.remove(RecordFormat.AAC);
        m.remove(RecordFormat.MP3); // the clip's audio is AAC: no MP3 file to recover
        return m;
    }

    @Test
    void filesOfAKilledProcessAreRecoveredPlayable(@TempDir Path dir) throws Exception {
        FlvClip.generate(dir, 4, 25);
        Path clip = dir.resolve("clip-4-25.flv");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", CrashChild.class.getName(),
                dir.toString(), clip.toString())
                .redirectError(dir.resolve("child.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.equals("RECORDING")) { /* child log noise */ }
            assertThat(line).as("child started recording; stderr in %s", dir.resolve("child.err")).isEqualTo("RECORDING");
            Thread.sleep(2500); // ~6.5 s recorded in all
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        DbConfig db = new DbConfig();
        db.url = Database.h2Url(dir);
        var store = new CollectingStore(dir);
        try (var fx = new EngineFixture(dir, formats(), Database.open(db, dir), store)) {
            assertThat(fx.ctx.journal().list("node-a")).hasSize(formats().size());
            int n = fx.ctx.orphanRecovery(fx.plan).run();
            assertThat(n).isEqualTo(formats().size());
            for (FinishedRecording r : store.committed) {
                assertThat(r.recovered()).isTrue();
                assertThat(r.taskId()).startsWith("t-kill-");
                // read back from the recovered file's own sequence headers, as a live recording reports them
                assertThat(r.videoCodec()).as(r.format().name()).isEqualTo("h264");
                assertThat(r.audioCodec()).as(r.format().name()).isEqualTo("aac");
                assertThat(r.width()).as(r.format().name()).isEqualTo(320);
                assertThat(r.height()).as(r.format().name()).isEqualTo(240);
                for (Path f : r.files()) assertThat(Files.size(f)).isPositive();
                var probe = MediaCheck.assertPlayable(r.files().get(0));
                // 4 s clip + 2.5 s, minus what was not yet flushed (~1 s), minus start-up
                assertThat(probe.duration()).as(r.format().name())
                        .isBetween(4.5, 7.0);
                assertThat(r.files().get(0).getFileName().toString()).endsWith("-recovered." + r.format().extension());
                if (r.format() == RecordFormat.HLS) RealFormatsTest.assertHls(r, 0);
                if (r.format() == RecordFormat.MP4) {
                    assertThat(RealFormatsTest.topLevelBoxes(r.files().get(0))).startsWith("ftyp", "moov");
                }
            }
            assertThat(fx.ctx.journal().list("node-a")).isEmpty();
        }
    }
}
