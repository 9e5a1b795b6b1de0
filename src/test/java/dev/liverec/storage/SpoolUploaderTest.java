package dev.liverec.storage;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.control.RecordFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The uploader's retry path, with a destination that fails once in the middle of a multi-entry file. */
class SpoolUploaderTest {
    @TempDir
    Path tmp;

    /** A real local store that refuses the first upload of one key, and records every put. */
    static final class FlakyStore implements FileStore {
        final LocalStore inner;
        final String failOnce;
        final List<String> puts = new ArrayList<>();
        boolean failed;

        FlakyStore(LocalStore inner, String failOnce) {
            this.inner = inner;
            this.failOnce = failOnce;
        }

        @Override public String kind() { return "s3"; }
        @Override public void put(String key, Path source) throws IOException {
            puts.add(key);
            if (key.endsWith(failOnce) && !failed) {
                failed = true;
                throw new IOException("connection reset");
            }
            inner.put(key, source);
        }
        @Override public long size(String key) throws IOException { return inner.size(key); }
        @Override public InputStream open(String key, long offset, long length) throws IOException { return inner.open(key, offset, length); }
        @Override public void delete(String key) throws IOException { inner.delete(key); }
        @Override public Optional<Path> localPath(String key) { return Optional.empty(); }
        @Override public boolean usable() { return true; }
        @Override public String problem() { return null; }
    }

    @Test
    void aRetrySendsOnlyTheEntriesThatDidNotMakeIt() throws Exception {
        DbConfig dbc = new DbConfig();
        dbc.url = "jdbc:h2:mem:up" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(dbc, tmp)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
            LocalStore bucket = new LocalStore(tmp.resolve("bucket"), 0);
            LocalStore spool = new LocalStore(tmp.resolve("spool"), 0);
            FlakyStore flaky = new FlakyStore(bucket, "seg_001.ts");
            RecordFileIndex index = new RecordFileIndex(db.jdbi());
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            RecordingArchive archive = new RecordingArchive(tmp.resolve("recording"), flaky, spool, index,
                    (h, f, r) -> {}, clock, "n1", metrics);
            Path work = Files.createDirectories(archive.workDir(1, StorageFixtures.STREAM, "up1"));
            List<Path> files = List.of(Files.writeString(work.resolve("index.m3u8"), "#EXTM3U\n"),
                    Files.writeString(work.resolve("seg_000.ts"), "zero"), Files.writeString(work.resolve("seg_001.ts"), "one"),
                    Files.writeString(work.resolve("seg_002.ts"), "two"));
            Instant t0 = clock.instant();
            archive.commit(new FinishedRecording("up1", 1, 1, null, StorageFixtures.STREAM, RecordFormat.HLS, "n", files,
                    t0, t0, t0, 1, 1, null, null, 0, 0, 0, "stream_end", null, false));
            RecordFile f = index.byId(ObjectKeyLayout.fileId("up1", "n")).orElseThrow();
            assertThat(f.status()).isEqualTo(RecordFile.SPOOLED);

            SpoolUploader uploader = new SpoolUploader(index, spool, flaky, clock, "n1", 1000, 1000, 8000, metrics);
            assertThat(uploader.upload(f)).isFalse();
            RecordFile afterFailure = index.byId(f.fileId()).orElseThrow();
            assertThat(afterFailure.status()).isEqualTo(RecordFile.SPOOLED);
            assertThat(index.dueUploads("n1", clock.millis(), 10)).isEmpty(); // backing off
            clock.advanceSeconds(1);
            assertThat(index.dueUploads("n1", clock.millis(), 10)).hasSize(1);
            assertThat(index.dueUploads("other-node", clock.millis(), 10)).isEmpty(); // spool is node-local

            assertThat(uploader.upload(afterFailure)).isTrue();
            assertThat(flaky.puts).extracting(k -> k.substring(k.lastIndexOf('/') + 1))
                    .containsExactly("n.m3u8", "seg_000.ts", "seg_001.ts", "seg_001.ts", "seg_002.ts");
            assertThat(index.byId(f.fileId()).orElseThrow().status()).isEqualTo(RecordFile.STORED);
            assertThat(bucket.localPath(f.key("seg_002.ts"))).isPresent();
            assertThat(spool.localPath(f.key("seg_002.ts"))).isEmpty();
            assertThat(metrics.get("liverec_upload_failures_total").counter().count()).isEqualTo(1);
        }
    }
}
