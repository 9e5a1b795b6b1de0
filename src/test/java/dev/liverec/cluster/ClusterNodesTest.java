package dev.liverec.cluster;

import dev.liverec.Main;
import dev.liverec.app.LiverecServer;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.DbConfig;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.TestDatabases;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.liverec.cluster.ClusterFixture.LEASE_MS;
import static dev.liverec.cluster.ClusterFixture.kill;
import static dev.liverec.cluster.ClusterFixture.millisSince;
import static dev.liverec.cluster.ClusterFixture.ok;
import static dev.liverec.cluster.ClusterFixture.onlineNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two real nodes on one PostgreSQL database (lease 4 s, heartbeat 0.5 s): a node id is held by one live process; a
 * killed node's streams leave every node's view within the lease; a stream pushed to a second node is refused (or,
 * with {@code replace}, taken over) so it is never live twice.
 */
class ClusterNodesTest {
    @TempDir Path dir;
    private ClusterFixture cluster;
    private DbConfig db;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new ClusterFixture(dir);
        db = TestDatabases.fresh(TestDatabases.POSTGRES, dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    @Test
    void aNodeIdIsRefusedWhileItsHolderLivesAndFreeAfterItsLease() throws Exception {
        LiverecServer first = cluster.node("n1", db, "refuse");
        assertThatThrownBy(() -> cluster.node("n1", db, "refuse")).isInstanceOf(NodeIdInUseException.class)
                .hasMessageStartingWith("node id 'n1' is in use by another live process")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        // liverec serve says so in one line and exits non-zero
        Path yaml = dir.resolve("n1.yaml");
        Files.writeString(yaml, "nodeId: n1\ndataDir: " + dir.resolve("serve") + "\ndb:\n  url: \"" + db.url
                + "\"\n  user: postgres\nhttp:\n  host: 127.0.0.1\n  port: 0\nrtmp:\n  host: 127.0.0.1\n  port: 0\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("serve", "--config", yaml.toString())).isEqualTo(1);
        assertThat(err.toString()).matches("liverec serve: node id 'n1' is in use by another live process [^\\n]+"
                + " \\(stop the other process, or give this one its own --node-id and --data-dir\\)\\R");
        assertThat(first.context().node().databaseReachable()).isTrue(); // the refused starts left the holder alone

        first.close(); // a clean stop releases the id at once
        LiverecConfig secondConfig = cluster.config("n1", db, "refuse");
        LiverecServer second = cluster.node(secondConfig);
        // killed and started again on its own data directory (as systemd does): the lock proves the holder dead
        kill(second);
        long restart = System.nanoTime();
        second = cluster.node(secondConfig);
        System.out.printf("restart on the same data directory after a kill took the id in %d ms%n", millisSince(restart));
        // the same id from another data directory waits for the lease
        long killed = System.nanoTime();
        kill(second);
        assertThatThrownBy(() -> cluster.node("n1", db, "refuse")).isInstanceOf(NodeIdInUseException.class);
        LiverecServer third = null;
        while (third == null) {
            try {
                third = cluster.node("n1", db, "refuse");
            } catch (NodeIdInUseException e) {
                Thread.sleep(200);
            }
        }
        long ms = millisSince(killed);
        System.out.printf("node id taken over %d ms after its holder was killed (lease %d ms)%n", ms, LEASE_MS);
        assertThat(ms).isBetween(LEASE_MS - 2 * ClusterFixture.BEAT_MS, LEASE_MS + 3_000);
    }

    @Test
    void aKilledNodesStreamsVanishFromTheOtherNodeWithinTheLease() throws Exception {
        LiverecServer a = cluster.node("node-a", db, "refuse");
        LiverecServer b = cluster.node("node-b", db, "refuse");
        ApiClient alice = cluster.alice(a);
        cluster.push(b, "cam");
        await().atMost(10, TimeUnit.SECONDS).until(() -> onlineNames(alice).contains("cam"));
        // the node list is read on A's heartbeat: B shows from A's next beat on
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(ClusterFixture.readyz(a).body())
                .contains("\"node\":\"node-a\"").contains("\"id\":\"node-b\""));

        long killed = System.nanoTime();
        kill(b);
        await().atMost(LEASE_MS + 5_000, TimeUnit.MILLISECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> !onlineNames(alice).contains("cam"));
        long gone = millisSince(killed);
        String state = ok(alice, "DescribeLiveStreamState", "{\"DomainName\":\"" + ClusterFixture.DOMAIN
                + "\",\"AppName\":\"live\",\"StreamName\":\"cam\"}").path("StreamState").asText();
        System.out.printf("stream of the killed node gone from the other node's list %d ms after the kill (lease %d ms)%n",
                gone, LEASE_MS);
        assertThat(gone).isLessThanOrEqualTo(LEASE_MS + 3_000);
        assertThat(state).isEqualTo("inactive");

        // the surviving node removes the dead node's row and ends its push in the history
        var jdbi = a.context().db().jdbi();
        await().atMost(LEASE_MS + 5_000, TimeUnit.MILLISECONDS).until(() -> jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM stream_publish WHERE stream_name = 'cam' AND stop_reason = 'node_lost'"
                        + " AND ended_ms IS NOT NULL").mapTo(Integer.class).one()) == 1);
        assertThat(count(a, "SELECT COUNT(*) FROM live_stream_online WHERE node_name = 'node-b'")).isZero();

        // the publisher comes back on the surviving node: taken, listed once
        cluster.push(a, "cam");
        assertThat(onlineNames(alice)).containsOnlyOnce("cam");
    }

    @Test
    void dropLiveStreamOfAStreamLeftByADeadNodeRemovesIt() throws Exception {
        LiverecServer a = cluster.node("node-a", db, "refuse");
        ApiClient alice = cluster.alice(a);
        var jdbi = a.context().db().jdbi();
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO node (id, instance, http_address, rtmp_address, started_at, heartbeat_at)"
                    + " VALUES ('ghost', 'g', '', '', 1, ?)", System.currentTimeMillis() - 60_000);
            h.execute("INSERT INTO live_stream_online (domain_name, app_name, stream_name, node_name, account_id,"
                    + " sequence, published_at) VALUES (?, 'live', 'left', 'ghost', 1, 'seq', 1)", ClusterFixture.DOMAIN);
        });
        assertThat(onlineNames(alice)).doesNotContain("left"); // a dead node's row does not count
        ok(alice, "DropLiveStream", "{\"DomainName\":\"" + ClusterFixture.DOMAIN + "\",\"AppName\":\"live\",\"StreamName\":\"left\"}");
        assertThat(count(a, "SELECT COUNT(*) FROM live_stream_online WHERE stream_name = 'left'")).isZero();
    }

    private static int count(LiverecServer node, String sql) {
        return node.context().db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void theSameStreamPushedToASecondNodeIsRefused() throws Exception {
        LiverecServer a = cluster.node("node-a", db, "refuse");
        LiverecServer b = cluster.node("node-b", db, "refuse");
        ApiClient alice = cluster.alice(a);
        RtmpPublisher first = cluster.push(a, "solo");
        long start = System.nanoTime();
        assertThatThrownBy(() -> cluster.push(b, "solo")).hasMessageContaining("already publishing on node node-a");
        System.out.printf("second push refused on the other node after %d ms%n", millisSince(start));
        assertThat(first.channel().isActive()).isTrue();
        assertThat(b.context().hub().find(new StreamKey(ClusterFixture.DOMAIN, "live", "solo"))).isEmpty();
        assertThat(onlineNames(alice)).containsOnlyOnce("solo");

        // once the first publisher left, the stream may go to the other node (at once: the gate waits for it)
        first.close().sync();
        cluster.push(b, "solo");
        assertThat(b.context().hub().find(new StreamKey(ClusterFixture.DOMAIN, "live", "solo"))).isPresent();
    }

    @Test
    void withReplaceASecondPushTakesTheStreamFromTheOtherNode() throws Exception {
        LiverecServer a = cluster.node("node-a", db, "replace");
        LiverecServer b = cluster.node("node-b", db, "replace");
        ApiClient alice = cluster.alice(a);
        RtmpPublisher first = cluster.push(a, "swap");
        long start = System.nanoTime();
        RtmpPublisher second = cluster.push(b, "swap");
        first.closed().get(10, TimeUnit.SECONDS);
        System.out.printf("replace on the other node took %d ms%n", millisSince(start));
        assertThat(second.channel().isActive()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() ->
                a.context().hub().find(new StreamKey(ClusterFixture.DOMAIN, "live", "swap")).isEmpty());
        assertThat(onlineNames(alice)).containsOnlyOnce("swap");
    }
}
