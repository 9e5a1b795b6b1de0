package dev.liverec.record;

import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordTask;
import dev.liverec.db.Database;
import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.storage.DiskSpace;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Disk full without a real disk: a free-space figure the test sets and an FLV format whose writes fail with ENOSPC
 * on demand. Files close with split reason disk_full and are committed, one interrupted event per recording,
 * nothing restarts while full, no work directory is left, and recording resumes as a new file when room is back.
 */
class DiskFullTest {
    static final long MIN = 4L << 20;
    static final long PLENTY = 100L << 20;

    @TempDir
    static Path media;
    static FlvClip clip;

    @TempDir
    Path dir;
    final AtomicLong free = new AtomicLong(PLENTY);
    final AtomicBoolean enospc = new AtomicBoolean();
    DiskSpace space;
    EngineFixture fx;

    @BeforeAll
    static void clip() throws Exception {
        clip = FlvClip.generate(media, 12, 25); // 1 s GOP
    }

    private void start() {
        space = new DiskSpace("test-disk", free::get, MIN, Duration.ofMillis(50), System::nanoTime);
        Map<RecordFormat, OutputFormat> formats = new EnumMap<>(RecordFormat.class);
        formats.put(RecordFormat.FLV, new FailingFormat(new TestFlvFormat(), enospc));
        fx = new EngineFixture(dir, formats, Database.open(EngineFixture.memDb(), dir), new CollectingStore(dir), null,
                space);
        fx.plan.templates.put(10L, EngineFixture.template(10, RecordFormat.FLV, 1800));
        space.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (space != null) space.close();
        if (fx != null) fx.close();
    }

    private RecordTask window(String id, StreamKey k) {
        Instant now = fx.clock.instant();
        return fx.task(id, k, now.minusSeconds(5), now.plusSeconds(600), 10);
    }

    private long events(String taskId, String status) {
        return fx.events.stream().filter(e -> e.startsWith(taskId + ":" + status + ":")).count();
    }

    private String interruption(String taskId) {
        return fx.db.jdbi().withHandle(h -> h.createQuery("SELECT reason FROM record_interruption WHERE task_id = :id")
                .bind("id", taskId).mapTo(String.class).findOne().orElse(null));
    }

    private long workDirs() throws IOException {
        Path work = dir.resolve("work");
        if (!Files.isDirectory(work)) return 0;
        try (var s = Files.list(work)) {
            return s.count();
        }
    }

    @Test
    void belowMinFreeBytesTheFileClosesAsDiskFullAndRecordingResumesAsANewFile() throws Exception {
        start();
        StreamKey k = new StreamKey("push.example.com", "live", "df1");
        fx.plan.create(window("t-df", k));
        var pub = fx.new Publisher(k);
        pub.pushRecorded(clip, 3000, 0, 1);
        free.set(MIN - 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.store.of("t-df").size() == 1);
        FinishedRecording first = fx.store.of("t-df").get(0);
        assertThat(first.splitReason()).isEqualTo("disk_full");
        assertThat(MediaCheck.assertPlayable(first.files().get(0)).duration()).isGreaterThan(2.0);
        String sha = sha256(first.files().get(0));

        pub.push(clip, 3000, 6000, 0, 4); // the publisher goes on while the disk is full: 0.75 s, 4 re-reads
        Thread.sleep(600);
        assertThat(fx.metrics.active(RecordFormat.FLV)).isZero();
        assertThat(events("t-df", "started")).as("no restart while full").isEqualTo(1);
        assertThat(events("t-df", "interrupted")).isEqualTo(1);
        assertThat(interruption("t-df")).startsWith("disk_full: test-disk has ");
        assertThat(workDirs()).as("no junk work directories").isZero();

        free.set(PLENTY);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.active(RecordFormat.FLV) == 1);
        pub.push(clip, 6000, 9000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.store.of("t-df").size() == 2);
        FinishedRecording second = fx.store.of("t-df").get(1);
        assertThat(second.recordingId()).isNotEqualTo(first.recordingId());
        assertThat(second.splitReason()).isEqualTo("stream_end");
        assertThat(events("t-df", "started")).isEqualTo(2);
        assertThat(events("t-df", "interrupted")).isEqualTo(1);
        assertThat(interruption("t-df")).isNull();
        assertThat(sha256(first.files().get(0))).isEqualTo(sha);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.ctx.journal().list("node-a").isEmpty());
    }

    @Test
    void enospcOnAWriteCommitsWhatWasWrittenAsDiskFullOnceThereIsRoom() throws Exception {
        start();
        StreamKey k = new StreamKey("push.example.com", "live", "df2");
        fx.plan.create(window("t-nospc", k));
        var pub = fx.new Publisher(k);
        pub.pushRecorded(clip, 3000, 0, 1);
        free.set(0);
        enospc.set(true);
        pub.push(clip, 3000, 5000, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.active(RecordFormat.FLV) == 0);
        assertThat(space.full()).isTrue();
        Thread.sleep(500); // four re-reads
        assertThat(events("t-nospc", "started")).isEqualTo(1);
        assertThat(events("t-nospc", "interrupted")).isEqualTo(1);
        assertThat(events("t-nospc", "failed")).isZero();
        assertThat(fx.store.of("t-nospc")).isEmpty();

        enospc.set(false);
        free.set(PLENTY);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.store.of("t-nospc").size() == 1);
        FinishedRecording cut = fx.store.of("t-nospc").get(0);
        assertThat(cut.splitReason()).isEqualTo("disk_full");
        assertThat(cut.recovered()).isFalse();
        assertThat(cut.durationMillis()).isGreaterThan(2000);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.active(RecordFormat.FLV) == 1);
        pub.push(clip, 5000, 8000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.store.of("t-nospc").size() == 2);
        assertThat(fx.store.of("t-nospc").get(1).splitReason()).isEqualTo("stream_end");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.ctx.journal().list("node-a").isEmpty());
    }

    static String sha256(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(p)));
    }

    /** Passes everything to {@code inner}; its outputs' writes fail with ENOSPC while {@code enospc} is set. */
    record FailingFormat(OutputFormat inner, AtomicBoolean enospc) implements OutputFormat {
        @Override
        public RecordFormat format() { return inner.format(); }

        @Override
        public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                                 FileSink.Opener files) throws IOException {
            RecordOutput out = inner.open(dir, partName, tracks, settings, wall, files);
            return new RecordOutput() {
                @Override
                public void write(MediaPacket p, long dts, long pts) throws IOException {
                    if (enospc.get()) {
                        out.flush();
                        throw new IOException("an earlier file write failed: No space left on device",
                                new IOException("No space left on device"));
                    }
                    out.write(p, dts, pts);
                }

                @Override
                public long bytesWritten() { return out.bytesWritten(); }

                @Override
                public void flush() throws IOException { out.flush(); }

                @Override
                public List<Path> finish(String stem) throws IOException { return out.finish(stem); }

                @Override
                public void abort() { out.abort(); }
            };
        }

        @Override
        public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
            return inner.recover(dir, namer);
        }
    }
}
