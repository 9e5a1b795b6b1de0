package dev.liverec.record;

import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Crash recovery from the journal, full disks, shutdown. */
class CrashSafetyTest {
    @TempDir
    static Path media;
    static FlvClip clip;

    @BeforeAll
    static void clip() throws Exception {
        clip = FlvClip.generate(media, 12, 25);
    }

    private static StreamKey key(String name) {
        return new StreamKey("push.example.com", "live", name);
    }

    @Test
    void filesLeftByACrashAreFinalizedAndCommittedAsRecoveredAtTheNextStart(@TempDir Path dir) throws Exception {
        var cfg = EngineFixture.memDb();
        var store = new CollectingStore(dir);
        var db = dev.liverec.db.Database.open(cfg, dir);
        var a = new EngineFixture(dir, EngineFixture.flvOnly(), db, store);
        a.plan.templates.put(11L, EngineFixture.template(11, RecordFormat.FLV, 2));
        Instant now = a.clock.instant();
        a.plan.create(a.task("t-crash", key("crash"), now.minusSeconds(1), now.plusSeconds(600), 11));
        var pub = a.new Publisher(key("crash"));
        pub.push(clip, 0, 500, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.metrics.active(RecordFormat.FLV) == 1);
        pub.push(clip, 500, 5600, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.store.of("t-crash").size() == 2); // 0-2 s, 2-4 s
        a.crash();
        assertThat(a.ctx.journal().list("node-a")).hasSize(1);

        var b = new EngineFixture(dir, EngineFixture.flvOnly(), db, store);
        b.plan.tasks.putAll(a.plan.tasks);
        b.plan.templates.putAll(a.plan.templates);
        int n = b.ctx.orphanRecovery(b.plan).run();
        assertThat(n).isEqualTo(1);
        List<FinishedRecording> rec = store.committed.stream().filter(FinishedRecording::recovered).toList();
        assertThat(rec).hasSize(1);
        FinishedRecording r = rec.get(0);
        assertThat(r.splitReason()).isEqualTo("recovered");
        assertThat(r.taskId()).isEqualTo("t-crash");
        assertThat(r.name()).endsWith("-recovered");
        assertThat(List.of(r.videoCodec(), r.audioCodec(), r.width(), r.height())).containsExactly("h264", "aac", 320, 240);
        // 4.0-5.6 s were pushed; everything up to the last once-a-second flush survives
        assertThat(MediaCheck.assertPlayable(r.files().get(0)).duration()).isBetween(0.9, 1.7);
        assertThat(r.durationMillis()).isBetween(900L, 1700L);
        assertThat(b.ctx.journal().list("node-a")).isEmpty();
        assertThat(b.ctx.orphanRecovery(b.plan).run()).isZero(); // idempotent

        // the task's window is still open: a publish after the restart records again
        var pub2 = b.new Publisher(key("crash"));
        pub2.push(clip, 0, 500, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.metrics.active(RecordFormat.FLV) == 1);
        pub2.push(clip, 500, 1500, 0, 0);
        pub2.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.of("t-crash").stream()
                .filter(f -> !f.recovered()).count() == 3);
        b.close();
    }

    @Test
    void recoveryLeavesRecordingsStartedAfterTheRestartAlone(@TempDir Path dir) throws Exception {
        var cfg = EngineFixture.memDb();
        var store = new CollectingStore(dir);
        var db = dev.liverec.db.Database.open(cfg, dir);
        var a = new EngineFixture(dir, EngineFixture.flvOnly(), db, store);
        a.plan.templates.put(11L, EngineFixture.template(11, RecordFormat.FLV, 1800));
        Instant now = a.clock.instant();
        a.plan.create(a.task("t-old", key("old"), now.minusSeconds(1), now.plusSeconds(600), 11));
        a.plan.create(a.task("t-new", key("new"), now.minusSeconds(1), now.plusSeconds(600), 11));
        var pub = a.new Publisher(key("old"));
        pub.push(clip, 0, 500, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.metrics.active(RecordFormat.FLV) == 1);
        pub.push(clip, 500, 2600, 0, 0);
        a.crash();

        var b = new EngineFixture(dir, EngineFixture.flvOnly(), db, store);
        b.plan.tasks.putAll(a.plan.tasks);
        b.plan.templates.putAll(a.plan.templates);
        List<SessionJournal.Entry> orphans = b.ctx.journal().list("node-a"); // what RecordModule reads at start
        // a publish right after the restart journals a live recording before recovery gets to run
        var live = b.new Publisher(key("new"));
        live.push(clip, 0, 500, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.metrics.active(RecordFormat.FLV) == 1);
        assertThat(b.ctx.journal().list("node-a")).hasSize(2);

        assertThat(b.ctx.orphanRecovery(b.plan).run(orphans)).isEqualTo(1);
        assertThat(store.committed).singleElement().satisfies(r -> assertThat(r.taskId()).isEqualTo("t-old"));
        assertThat(b.ctx.journal().list("node-a")).extracting(e -> e.taskId()).containsExactly("t-new");
        live.push(clip, 500, 2000, 0, 0);
        live.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.of("t-new").size() == 1);
        FinishedRecording f = store.of("t-new").get(0);
        assertThat(f.recovered()).isFalse();
        assertThat(MediaCheck.assertPlayable(f.files().get(0)).duration()).isCloseTo(2.0, within(0.1));
        b.close();
    }

    @Test
    void closingTheEngineFinishesOpenFilesWithReasonShutdown(@TempDir Path dir) throws Exception {
        var fx = new EngineFixture(dir, EngineFixture.flvOnly());
        fx.plan.templates.put(10L, EngineFixture.template(10, RecordFormat.FLV, 1800));
        Instant now = fx.clock.instant();
        fx.plan.create(fx.task("t-shut", key("shut"), now.minusSeconds(1), now.plusSeconds(600), 10));
        var pub = fx.new Publisher(key("shut"));
        pub.pushRecorded(clip, 3000, 0, 1);
        fx.scheduler.close(); // what SIGTERM does through the server's close()
        List<FinishedRecording> files = fx.store.of("t-shut");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).splitReason()).isEqualTo("shutdown");
        assertThat(MediaCheck.assertPlayable(files.get(0).files().get(0)).duration()).isCloseTo(3.0, within(0.1));
        assertThat(fx.ctx.journal().list("node-a")).isEmpty();
        fx.close();
    }

    /** An FLV output on a disk that fills after {@code budget} bytes. */
    static final class FullDiskFormat implements OutputFormat {
        final TestFlvFormat flv = new TestFlvFormat();
        final long budget;
        long used;

        FullDiskFormat(long budget) {
            this.budget = budget;
        }

        @Override
        public RecordFormat format() { return RecordFormat.MP4; }

        @Override
        public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                                 FileSink.Opener files) throws IOException {
            RecordOutput o = flv.open(dir, partName, tracks, settings, wall, files);
            return new RecordOutput() {
                @Override
                public void write(MediaPacket packet, long dts, long pts) throws IOException {
                    used += packet.size();
                    if (used > budget) throw new IOException("No space left on device");
                    o.write(packet, dts, pts);
                }

                @Override public long bytesWritten() { return o.bytesWritten(); }
                @Override public void flush() throws IOException { o.flush(); }
                @Override public List<Path> finish(String stem) throws IOException { return o.finish(stem); }
                @Override public void abort() { o.abort(); }
            };
        }

        @Override
        public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
            return flv.recover(dir, namer);
        }
    }

    /**
     * ENOSPC on one recording's write means the disk is full for all of them: the other format's file closes
     * with split reason disk_full and is committed, the cut one waits in the journal (committed when room is back,
     * see DiskFullTest); files finished before stay intact. The fixture's disk-space watch never polls, so the
     * disk stays full here.
     */
    @Test
    void aFullDiskClosesEveryRecordingAndKeepsTheCutOneForLater(@TempDir Path dir) throws Exception {
        Map<RecordFormat, OutputFormat> formats = new EnumMap<>(RecordFormat.class);
        formats.put(RecordFormat.FLV, new TestFlvFormat());
        formats.put(RecordFormat.MP4, new FullDiskFormat(150_000));
        try (var fx = new EngineFixture(dir, formats)) {
            Map<RecordFormat, RecordParam> p = new EnumMap<>(RecordFormat.class);
            for (RecordFormat f : RecordFormat.values()) p.put(f, RecordParam.disabled());
            p.put(RecordFormat.FLV, new RecordParam(true, 1800, 0, 0, null, null, null, null, null, null, null));
            p.put(RecordFormat.MP4, new RecordParam(true, 2, 0, 0, null, null, null, null, null, null, null));
            fx.plan.templates.put(12L, new RecordTemplate(12, EngineFixture.ACCOUNT, "two", "", p, 0, 0, null, null, null));
            Instant now = fx.clock.instant();
            fx.plan.create(fx.task("t-full", key("full"), now.minusSeconds(1), now.plusSeconds(600), 12));
            var pub = fx.new Publisher(key("full"));
            pub.push(clip, 0, 500, 0, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.active(RecordFormat.FLV) == 1);
            pub.push(clip, 500, 8000, 0, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.failedCount() == 1);
            assertThat(fx.metrics.active(RecordFormat.MP4)).isZero();
            assertThat(fx.events).anyMatch(e -> e.startsWith("t-full:interrupted:disk_full: ")
                    && e.contains("No space left"));
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-full").stream()
                    .anyMatch(f -> f.format() == RecordFormat.FLV));
            assertThat(fx.metrics.active(RecordFormat.FLV)).isZero();
            pub.end();
            List<FinishedRecording> files = fx.store.of("t-full");
            FinishedRecording flv = files.stream().filter(f -> f.format() == RecordFormat.FLV).findFirst().orElseThrow();
            assertThat(flv.splitReason()).isEqualTo("disk_full");
            assertThat(MediaCheck.assertPlayable(flv.files().get(0)).duration()).isGreaterThan(4.0);
            // the file finished before the disk filled is committed and intact
            List<FinishedRecording> before = files.stream().filter(f -> f.format() == RecordFormat.MP4).toList();
            assertThat(before).hasSize(2);
            for (FinishedRecording f : before) {
                assertThat(Files.exists(f.files().get(0))).isTrue();
                MediaCheck.assertPlayable(f.files().get(0));
            }
            // the cut recording stays in the journal until there is room to finish it
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.ctx.journal().list("node-a").size() == 1);
            assertThat(fx.ctx.journal().list("node-a")).extracting(SessionJournal.Entry::format)
                    .containsExactly(RecordFormat.MP4);
        }
    }
}
