package dev.liverec.record.takeover;

import dev.liverec.control.RecordFormat;
import dev.liverec.control.TestDatabases;
import dev.liverec.db.Database;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.ObjectBucket;
import dev.liverec.storage.RecordingStore;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uploads of a recording in progress and their restore on another node; the lease claims of the journal: one of
 * two claimers wins, a renewed lease is not claimable, a node re-takes its own row only while it still holds it.
 */
class WorkUploaderTest {
    @TempDir Path dir;
    private Database db;
    private SessionJournal journal;
    private final Bucket bucket = new Bucket();
    private final StreamKey stream = new StreamKey("d.example", "live", "s");

    /** An in-memory bucket. */
    static final class Bucket implements ObjectBucket {
        final Map<String, byte[]> objects = new TreeMap<>();

        @Override public synchronized void putBytes(String key, byte[] bytes) { objects.put(key, bytes.clone()); }
        @Override public synchronized List<String> list(String prefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        }
        @Override public synchronized byte[] read(String key) throws IOException {
            byte[] b = objects.get(key);
            if (b == null) throw new NoSuchFileException(key);
            return b;
        }
        @Override public synchronized void delete(String key) { objects.remove(key); }
    }

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.fresh(TestDatabases.H2, dir), dir);
        journal = new SessionJournal(db.jdbi(), Clock.systemUTC(), Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SessionJournal.Entry entry(String id, String node, RecordFormat f, Path work) {
        return new SessionJournal.Entry(id, node, 1, "t", "t", 1, stream, f, work, "r", Instant.now());
    }

    @Test
    void appendedBytesGoUpAsPiecesAndComeBackWhole() throws Exception {
        Path work = Files.createDirectories(dir.resolve("a/rec1"));
        journal.insert(entry("rec1", "node-a", RecordFormat.FLV, work));
        WorkUploader up = new WorkUploader(journal, new StoredWork(bucket));
        Path part = work.resolve("r1-1000.part.flv");
        byte[] all = new byte[30_000];
        for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 31);
        Files.write(part, java.util.Arrays.copyOf(all, 10_000));
        up.pass();
        up.pass(); // nothing new: no piece
        Files.write(part, java.util.Arrays.copyOfRange(all, 10_000, 30_000), StandardOpenOption.APPEND);
        up.pass();
        assertThat(bucket.list(StoredWork.prefix("rec1"))).containsExactly(
                "recording-work/rec1/r1-1000.part.flv/0000000000000000",
                "recording-work/rec1/r1-1000.part.flv/0000000000010000");

        Path restored = dir.resolve("b/rec1");
        assertThat(new StoredWork(bucket).restore("rec1", restored)).isEqualTo(1);
        assertThat(Files.readAllBytes(restored.resolve("r1-1000.part.flv"))).isEqualTo(all);
        assertThat(new StoredWork(bucket).restore("nothing", dir.resolve("b/none"))).isZero();
        assertThat(dir.resolve("b/none")).doesNotExist();
    }

    @Test
    void hlsSegmentsGoUpOnceListedAndCommittedFilesAreRemoved() throws Exception {
        Path work = Files.createDirectories(dir.resolve("a/rec2"));
        journal.insert(entry("rec2", "node-a", RecordFormat.HLS, work));
        WorkUploader up = new WorkUploader(journal, new StoredWork(bucket));
        Files.write(work.resolve("r1-1000-00001.ts"), new byte[188]);
        Files.write(work.resolve("r1-1000-00002.ts"), new byte[188 * 2]); // being written: not listed
        Files.writeString(work.resolve("r1-1000.part.m3u8"), """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                #EXTINF:4.000,
                r1-1000-00001.ts
                """, StandardCharsets.US_ASCII);
        up.pass();
        assertThat(bucket.list(StoredWork.prefix("rec2"))).containsExactly(
                "recording-work/rec2/r1-1000-00001.ts", "recording-work/rec2/r1-1000.part.m3u8");

        // the file is finished and committed: its work files are gone, and so are its uploads
        List<FinishedRecording> committed = new ArrayList<>();
        RecordingStore store = up.around(new RecordingStore() {
            @Override public Path workDir(long accountId, StreamKey s, String id) { return work; }
            @Override public void commit(FinishedRecording r) { committed.add(r); }
        });
        for (String f : List.of("r1-1000-00001.ts", "r1-1000-00002.ts", "r1-1000.part.m3u8")) Files.delete(work.resolve(f));
        store.commit(new FinishedRecording("rec2", 1, 0, "t", stream, RecordFormat.HLS, "x", List.of(),
                Instant.now(), Instant.now(), Instant.now(), 0, 0, null, null, 0, 0, 0, "interval", Instant.now(),
                false, null));
        assertThat(committed).hasSize(1);
        assertThat(bucket.objects).isEmpty();
    }

    @Test
    void anExpiredLeaseIsClaimedByOneNodeOnly() throws Exception {
        SessionJournal shortLease = new SessionJournal(db.jdbi(), Clock.systemUTC(), Duration.ofMillis(1));
        SessionJournal.Entry e = entry("rec3", "node-a", RecordFormat.MP4, dir);
        shortLease.insert(e);
        Thread.sleep(20);
        long before = System.currentTimeMillis();
        assertThat(journal.expired("node-b", before)).extracting(SessionJournal.Entry::recordingId).containsExactly("rec3");
        assertThat(journal.expired("node-a", before)).as("a node never takes its own").isEmpty();
        assertThat(journal.claim(e, "node-b", before)).isTrue();
        assertThat(journal.claim(e, "node-c", before)).as("node-b's lease is fresh, node-a's row is gone").isFalse();
        assertThat(journal.claim(e, "node-a", null)).as("node-a, back, finds it taken").isFalse();
        assertThat(journal.list("node-b")).hasSize(1);

        SessionJournal.Entry mine = entry("rec4", "node-a", RecordFormat.MP4, dir);
        shortLease.insert(mine);
        Thread.sleep(20);
        assertThat(journal.renew("node-a")).isEqualTo(1);
        assertThat(journal.claim(mine, "node-b", System.currentTimeMillis())).as("renewed: not claimable").isFalse();
        assertThat(journal.claim(mine, "node-a", null)).as("its own node re-takes it").isTrue();
    }
}
