package dev.liverec.storage;

import dev.liverec.config.CallbackConfig;
import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.notify.CallbackEvents;
import dev.liverec.notify.CallbackOutbox;
import dev.liverec.notify.Delivery;
import dev.liverec.control.RecordFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The V4 migration and every storage/outbox query on a real PostgreSQL. */
class PostgresStorageTest {
    @TempDir
    Path tmp;

    @Test
    void storageAndOutboxQueriesRunOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DbConfig dbc = new DbConfig();
            dbc.url = pg.getJdbcUrl("postgres", "postgres");
            dbc.user = "postgres";
            dbc.poolSize = 4;
            try (Database db = Database.open(dbc, tmp)) {
                assertThat(db.isPostgres()).isTrue();
                MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
                StorageFixtures.CallbackRules rules = new StorageFixtures.CallbackRules();
                rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://127.0.0.1:1/cb", "k");
                LocalStore local = new LocalStore(tmp.resolve("records"), 0);
                RecordFileIndex index = new RecordFileIndex(db.jdbi());
                CallbackOutbox outbox = new CallbackOutbox(db.jdbi());
                CallbackEvents events = new CallbackEvents(outbox, rules::callbackTemplateFor, a -> a,
                        f -> "http://h/" + f.fileId(), new CallbackConfig(), clock, "127.0.0.1", Runnable::run);
                RecordingArchive archive = new RecordingArchive(tmp.resolve("recording"), local, null, index, events,
                        clock, "n1", new SimpleMeterRegistry());

                archive.commit(StorageFixtures.oneFile(archive, 1, 1, "pg1", "t1", RecordFormat.FLV, "a", 100, 60));
                archive.commit(StorageFixtures.oneFile(archive, 1, 1, "pg1", "t1", RecordFormat.FLV, "a", 100, 60)); // again
                archive.commit(StorageFixtures.oneFile(archive, 2, 2, "pg2", "t2", RecordFormat.HLS, "b", 100, 0));
                var page = index.list(new RecordFileIndex.Filter(1, "t1", "push.example.com", "live", "cam1",
                        Instant.parse("2026-11-25T09:00:00Z"), Instant.parse("2026-11-25T11:00:00Z")), 0, 10);
                assertThat(page.total()).isEqualTo(1);
                assertThat(page.files().get(0).recovered()).isFalse();
                assertThat(index.list(new RecordFileIndex.Filter(2, null, null, null, null, null, null), 0, 10).total()).isEqualTo(1);

                // a failing outbox insert rolls the file row back on PostgreSQL too
                rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://x/" + "a".repeat(3000), "k");
                FinishedRecording bad = StorageFixtures.oneFile(archive, 1, 1, "pg3", null, RecordFormat.FLV, "c", 10, 0);
                assertThatThrownBy(() -> archive.commit(bad)).isNotNull();
                assertThat(index.byId(ObjectKeyLayout.fileId("pg3", "c"))).isEmpty();

                long now = clock.millis();
                var claimed = outbox.claimDue("o", now, now + 1000, 10);
                assertThat(claimed).hasSize(1);
                outbox.markAttemptFailed(claimed.get(0).id(), "o", 500, "HTTP 500", now + 5);
                assertThat(outbox.find(claimed.get(0).id()).orElseThrow().status()).isEqualTo(Delivery.PENDING);
                var again = outbox.claimDue("o", now + 10, now + 1000, 10);
                outbox.markDelivered(again.get(0).id(), "o", 200, now + 10);
                assertThat(outbox.list(1, Delivery.DELIVERED, 100, null, 0, 10).total()).isEqualTo(1);
                assertThat(outbox.retryNow(2, again.get(0).id(), 3, now)).isFalse();
                assertThat(outbox.retryNow(1, again.get(0).id(), 3, now)).isTrue();
                assertThat(outbox.purgeFinished(now + 1)).isZero(); // pending again: kept
                var third = outbox.claimDue("o", now + 20, now + 1000, 10);
                outbox.markDelivered(third.get(0).id(), "o", 200, now + 20);
                assertThat(outbox.purgeFinished(now)).isZero(); // not older than the cut
                assertThat(outbox.purgeFinished(now + 1)).isEqualTo(1);
                assertThat(outbox.find(third.get(0).id())).isEmpty();

                clock.advanceSeconds(61);
                assertThat(new RetentionSweeper(index, Map.of("local", local), null, clock).sweep()).isEqualTo(1);
                assertThat(index.byId(ObjectKeyLayout.fileId("pg1", "a"))).isEmpty();
            }
        }
    }
}
