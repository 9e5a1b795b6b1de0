package dev.liverec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.app.LiverecServer;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.DbConfig;
import dev.liverec.rtmp.client.RtmpPublisher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.liverec.cluster.ClusterFixture.call;
import static dev.liverec.cluster.ClusterFixture.millisSince;
import static dev.liverec.cluster.ClusterFixture.onlineNames;
import static dev.liverec.cluster.ClusterFixture.readyz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node on its own PostgreSQL, stopped for 20 s and started again on the same data: API calls answer InternalError
 * within the pool's connection timeout, {@code /readyz} turns 503 within seconds and 200 again after, a live publisher
 * goes on, a known push domain still publishes, and the stream pushed during the outage is listed once it is over.
 */
class DatabaseOutageTest {
    private static final long OUTAGE_MS = 20_000;

    @TempDir Path dir;

    @Test
    void apiAnswersInBoundedTimeKnownDomainsPublishAndReadinessFollowsTheDatabase() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pg");
        EmbeddedPostgres pg = postgres(data, port);
        try (ClusterFixture cluster = new ClusterFixture(dir)) {
            Jdbi.create(pg.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE liverec"));
            DbConfig db = new DbConfig();
            db.url = pg.getJdbcUrl("postgres", "liverec");
            db.user = "postgres";
            db.poolSize = 4;
            LiverecServer node = cluster.node("solo", db, "refuse");
            ApiClient alice = cluster.alice(node);
            RtmpPublisher before = cluster.push(node, "before");
            assertThat(readyz(node).statusCode()).isEqualTo(200);

            pg.close();
            long down = System.nanoTime();
            await().atMost(10, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                    .until(() -> readyz(node).statusCode() == 503);
            long notReadyMs = millisSince(down);

            long worstApiMs = 0;
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                JsonNode r = call(alice, "DescribeLiveStreamOnlineList", "{\"PageSize\":" + (10 + i) + "}");
                worstApiMs = Math.max(worstApiMs, millisSince(t));
                assertThat(r.path("Error").path("Code").asText()).as(r.toString()).isEqualTo("InternalError");
                assertThat(r.path("Error").path("Message").asText()).contains("database");
            }
            assertThat(worstApiMs).isLessThan(db.connectionTimeoutMillis + 3_000);

            await().atMost(10, TimeUnit.SECONDS).until(() -> !node.context().node().databaseReachable());
            long t = System.nanoTime();
            RtmpPublisher during = cluster.push(node, "during");
            long publishMs = millisSince(t);
            assertThat(before.channel().isActive()).isTrue();

            Thread.sleep(Math.max(0, OUTAGE_MS - millisSince(down)));
            pg = postgres(data, port);
            long up = System.nanoTime();
            await().atMost(15, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                    .until(() -> readyz(node).statusCode() == 200);
            long readyMs = millisSince(up);
            // the stream pushed during the outage is written by the next heartbeat's reconcile
            await().atMost(15, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
                    .until(() -> node.context().db().jdbi().withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM live_stream_online WHERE stream_name IN ('before', 'during')")
                            .mapTo(Integer.class).one()) == 2);
            assertThat(onlineNames(alice)).contains("before", "during");
            assertThat(before.channel().isActive()).isTrue();
            assertThat(during.channel().isActive()).isTrue();
            System.out.printf("database down %d ms: /readyz 503 after %d ms, API InternalError within %d ms (worst of 3),"
                    + " publish of a known domain accepted in %d ms; /readyz 200 %d ms after the database was back%n",
                    millisSince(down) - millisSince(up), notReadyMs, worstApiMs, publishMs, readyMs);
        } finally {
            pg.close();
        }
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
