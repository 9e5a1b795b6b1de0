package dev.liverec.storage;

import dev.liverec.config.CallbackConfig;
import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.notify.CallbackEvents;
import dev.liverec.notify.CallbackOutbox;
import dev.liverec.control.RecordFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commit into the local store: placement, index row, outbox row in the same transaction, idempotence, retention. */
class RecordingArchiveTest {
    @TempDir
    Path tmp;
    Database db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    StorageFixtures.CallbackRules rules = new StorageFixtures.CallbackRules();
    LocalStore local;
    RecordFileIndex index;
    CallbackOutbox outbox;
    RecordingArchive archive;

    @BeforeEach
    void setUp() throws IOException {
        DbConfig dbc = new DbConfig();
        dbc.url = "jdbc:h2:mem:ra" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        db = Database.open(dbc, tmp);
        local = new LocalStore(tmp.resolve("records"), 0);
        index = new RecordFileIndex(db.jdbi());
        outbox = new CallbackOutbox(db.jdbi());
        CallbackEvents events = new CallbackEvents(outbox, rules::callbackTemplateFor, a -> a + 1000,
                f -> "http://vod/" + f.fileId(), new CallbackConfig(), clock, "127.0.0.1", Runnable::run);
        archive = new RecordingArchive(tmp.resolve("recording"), local, null, index, events, clock, "n1",
                new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void commitMovesIndexesAndQueuesTheCallback() throws Exception {
        rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://127.0.0.1:1/cb", "k");
        FinishedRecording r = StorageFixtures.oneFile(archive, 1, 1251000, "rec1", "task-1", RecordFormat.FLV, "cam1_a", 5000, 0);
        byte[] content = Files.readAllBytes(r.files().get(0));
        archive.commit(r);

        RecordFile f = index.byId(ObjectKeyLayout.fileId("rec1", "cam1_a")).orElseThrow();
        assertThat(f.entries()).containsExactly("cam1_a.flv");
        assertThat(f.status()).isEqualTo(RecordFile.STORED);
        assertThat(f.sizeBytes()).isEqualTo(5000);
        assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(f.keyPrefix()).isEqualTo("1251000/push.example.com/live/cam1/" + f.fileId() + "/");
        assertThat(local.localPath(f.key("cam1_a.flv"))).get().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(content));
        assertThat(r.files().get(0)).doesNotExist();
        assertThat(r.files().get(0).getParent()).exists(); // the engine's: a next file may go there

        var page = outbox.list(1, null, null, null, 0, 10);
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.deliveries().get(0).eventType()).isEqualTo(100);
        assertThat(page.deliveries().get(0).refId()).isEqualTo(f.fileId());
        assertThat(page.deliveries().get(0).payload()).contains("\"task_id\":\"task-1\"").doesNotContain("stream_param");
    }

    @Test
    void recommitIsIdempotent() throws Exception {
        rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://127.0.0.1:1/cb", "k");
        FinishedRecording r = StorageFixtures.oneFile(archive, 1, 1, "rec2", null, RecordFormat.MP4, "n", 100, 0);
        Path copy = Files.copy(r.files().get(0), tmp.resolve("copy"));
        archive.commit(r);
        // crash recovery finds the work file again (e.g. deleted after the row committed but before cleanup)
        Files.copy(copy, r.files().get(0).getParent().resolve("n.part"));
        archive.commit(StorageFixtures.withFiles(r, List.of(archive.workDir(1, r.stream(), "rec2").resolve("n.part"))));
        assertThat(index.list(new RecordFileIndex.Filter(1, null, null, null, null, null, null), 0, 10).total()).isEqualTo(1);
        assertThat(outbox.list(1, null, null, null, 0, 10).total()).isEqualTo(1);
        assertThat(archive.workDir(1, r.stream(), "rec2").resolve("n.part")).doesNotExist();
    }

    @Test
    void appIdZeroIsResolvedFromTheAccount() throws Exception {
        archive.appIdResolver(account -> account * 1000 + 7);
        archive.commit(StorageFixtures.oneFile(archive, 3, 0, "rec0", null, RecordFormat.FLV, "n", 10, 0));
        RecordFile f = index.byId(ObjectKeyLayout.fileId("rec0", "n")).orElseThrow();
        assertThat(f.appId()).isEqualTo(3007);
        assertThat(f.keyPrefix()).startsWith("3007/");
    }

    @Test
    void recommitAfterCrashBetweenPlacementAndIndexing() throws Exception {
        FinishedRecording r = StorageFixtures.oneFile(archive, 1, 1, "rec3", null, RecordFormat.FLV, "n", 100, 0);
        String fileId = ObjectKeyLayout.fileId("rec3", "n");
        String key = ObjectKeyLayout.prefix(1, r.stream(), fileId) + "n.flv";
        // simulate: files were placed, then the process died before the transaction and before the cleanup
        local.put(key, r.files().get(0));
        Files.delete(r.files().get(0));
        archive.commit(r);
        assertThat(index.byId(fileId)).isPresent();
    }

    @Test
    void fileRowAndOutboxRowCommitTogether() throws Exception {
        // a callback URL longer than the outbox column makes the outbox insert fail after the file row was inserted
        rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://x/" + "a".repeat(3000), "k");
        FinishedRecording r = StorageFixtures.oneFile(archive, 1, 1, "rec4", null, RecordFormat.FLV, "n", 100, 0);
        assertThatThrownBy(() -> archive.commit(r)).isNotNull();
        assertThat(index.byId(ObjectKeyLayout.fileId("rec4", "n"))).isEmpty();
        assertThat(outbox.list(1, null, null, null, 0, 10).total()).isZero();
        assertThat(r.files().get(0)).exists(); // nothing lost: the work file is still there

        rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://127.0.0.1:1/cb", "k");
        archive.commit(r);
        assertThat(index.byId(ObjectKeyLayout.fileId("rec4", "n"))).isPresent();
        assertThat(outbox.list(1, null, null, null, 0, 10).total()).isEqualTo(1);
    }

    @Test
    void refusesFilesOutsideTheWorkDirectoryAndUnsafeIds() throws Exception {
        Path outside = Files.writeString(tmp.resolve("passwd"), "x");
        FinishedRecording r = StorageFixtures.oneFile(archive, 1, 1, "rec5", null, RecordFormat.FLV, "n", 10, 0);
        assertThatThrownBy(() -> archive.commit(StorageFixtures.withFiles(r, List.of(outside)))).isInstanceOf(IOException.class);
        Path sneaky = archive.workDir(1, r.stream(), "rec5").resolve("../../../passwd");
        assertThatThrownBy(() -> archive.commit(StorageFixtures.withFiles(r, List.of(sneaky)))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> archive.workDir(1, r.stream(), "../x")).isInstanceOf(IOException.class);
        Path link = Files.createSymbolicLink(Files.createDirectories(archive.workDir(1, r.stream(), "rec7")).resolve("n.part"), outside);
        assertThatThrownBy(() -> archive.commit(StorageFixtures.withFiles(r, List.of(link)))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        // an HLS segment name that is not a safe single component
        Path playlist = Files.writeString(Files.createDirectories(archive.workDir(1, r.stream(), "rec6")).resolve("p.m3u8"), "#EXTM3U\n");
        Path seg = Files.writeString(Files.createDirectories(archive.workDir(1, r.stream(), "rec6")).resolve(".hidden.ts"), "x");
        FinishedRecording hls = new FinishedRecording("rec6", 1, 1, null, r.stream(), RecordFormat.HLS, "n",
                List.of(playlist, seg), r.sessionStart(), r.fileStart(), r.fileEnd(), 1, 1, null, null, 0, 0, 0,
                "stream_end", null, false);
        assertThatThrownBy(() -> archive.commit(hls)).isInstanceOf(IOException.class);
        assertThat(outside).exists();
    }

    @Test
    void retentionDeletesExpiredFilesAndRows() throws Exception {
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "old", null, RecordFormat.FLV, "n", 10, 3600));
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "forever", null, RecordFormat.FLV, "n", 10, 0));
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "later", null, RecordFormat.FLV, "n", 10, 7200));
        RecordFile old = index.byId(ObjectKeyLayout.fileId("old", "n")).orElseThrow();
        assertThat(old.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
        RetentionSweeper sweeper = new RetentionSweeper(index, Map.of("local", local), null, clock);
        assertThat(sweeper.sweep()).isZero();
        clock.advanceSeconds(3601);
        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(index.byId(old.fileId())).isEmpty();
        assertThat(local.localPath(old.key(old.mainEntry()))).isEmpty();
        assertThat(index.byId(ObjectKeyLayout.fileId("forever", "n"))).isPresent();
        assertThat(index.byId(ObjectKeyLayout.fileId("later", "n"))).isPresent();
    }
}
