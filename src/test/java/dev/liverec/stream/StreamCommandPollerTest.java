package dev.liverec.stream;

import dev.liverec.db.Database;
import dev.liverec.control.MutableClock;
import dev.liverec.control.TestDatabases;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command table on H2 and PostgreSQL, and what the poller does with each command on a real hub (publishers are
 * hub entries whose disconnect is counted): publish time, account, forbid while the ban holds, late commits, once.
 */
class StreamCommandPollerTest {
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5000);

    @TempDir Path dir;
    private final EventLoop loop = new DefaultEventLoop();
    private final MutableClock clock = new MutableClock(T);
    private Database db;

    @AfterEach
    void stop() throws Exception {
        if (db != null) db.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private StreamCommands open(String kind) {
        db = Database.open(TestDatabases.fresh(kind, dir), dir);
        return new StreamCommands(db.jdbi());
    }

    /** A publisher on the hub published at the clock's time; the counter counts disconnect requests. */
    private LiveStream publish(StreamHub hub, StreamKey key, long account, AtomicInteger disconnects) throws Exception {
        return hub.publish(key, account, PEER, "", loop, disconnects::incrementAndGet);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
    void commandsAreWrittenReadInIdOrderAndPruned(String kind) {
        StreamCommands commands = open(kind);
        assertThat(commands.lastId()).isZero();
        StreamKey key = new StreamKey("Push.Example.COM", "live", "cam");
        StreamCommand a = commands.issue(StreamCommand.Kind.DROP, key, 7, T.toEpochMilli(), "node-a");
        StreamCommand b = commands.issue(StreamCommand.Kind.FORBID, key, 8, T.toEpochMilli() + 5, "node-b");
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(commands.lastId()).isEqualTo(b.id());
        assertThat(commands.after(0, 10)).containsExactly(a, b);
        assertThat(commands.after(a.id(), 10)).containsExactly(b);
        assertThat(commands.after(0, 1)).containsExactly(a);
        StreamCommand read = commands.after(a.id(), 10).get(0);
        assertThat(read.key().domain()).isEqualTo("push.example.com");
        assertThat(read.kind()).isEqualTo(StreamCommand.Kind.FORBID);
        assertThat(read.accountId()).isEqualTo(8);
        assertThat(read.node()).isEqualTo("node-b");
        assertThat(commands.pruneBefore(T.toEpochMilli() + 1)).isEqualTo(1);
        assertThat(commands.after(0, 10)).containsExactly(b);
    }

    private StreamHub hub;
    private StreamCommands commands;
    private ForbiddenStreams forbidden;
    private StreamCommandPoller poller;

    private void node(String kind) {
        commands = open(kind);
        hub = new StreamHub(clock, StreamHub.ConflictPolicy.REFUSE, 1 << 20);
        forbidden = new ForbiddenStreams(db.jdbi());
        poller = new StreamCommandPoller(commands, hub, forbidden, clock, 500);
    }

    private long at(int seconds) {
        return T.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void dropsAPublishThatBeganBeforeTheCommandOnceAndLeavesARepush() throws Exception {
        node(TestDatabases.H2);
        StreamKey key = new StreamKey("d.example", "live", "cam");
        AtomicInteger first = new AtomicInteger();
        AtomicInteger otherKey = new AtomicInteger();
        LiveStream s = publish(hub, key, 1, first);
        clock.set(T.plusSeconds(1).plusMillis(1));
        publish(hub, new StreamKey("d.example", "live", "cam2"), 1, otherKey);
        clock.set(T);
        commands.issue(StreamCommand.Kind.DROP, key, 1, at(1), "node-a");
        poller.pollOnce();
        assertThat(first).hasValue(1);
        assertThat(otherKey).hasValue(0);
        poller.pollOnce(); // the row is read again (re-read window) but carried out once
        assertThat(first).hasValue(1);

        hub.unpublish(s);
        clock.set(T.plusSeconds(2)); // the re-push begins after the command
        AtomicInteger repush = new AtomicInteger();
        publish(hub, key, 1, repush);
        poller.pollOnce();
        assertThat(repush).hasValue(0);
        // a publish that began after a command the poller has not read yet is left alone
        commands.issue(StreamCommand.Kind.DROP, new StreamKey("d.example", "live", "cam2"), 1, at(1), "node-a");
        poller.pollOnce();
        assertThat(otherKey).hasValue(0);
        // a later drop takes the re-push too
        commands.issue(StreamCommand.Kind.DROP, key, 1, at(3), "node-b");
        poller.pollOnce();
        assertThat(repush).hasValue(1);
    }

    @Test
    void aCommandOfAnotherAccountLeavesTheStreamAndAnUnregisteredDomainIsEveryonesToDrop() throws Exception {
        node(TestDatabases.H2);
        StreamKey owned = new StreamKey("alice.example", "live", "cam");
        StreamKey open = new StreamKey("127.0.0.1", "live", "lobby");
        AtomicInteger alices = new AtomicInteger();
        AtomicInteger lobby = new AtomicInteger();
        publish(hub, owned, 1, alices);
        publish(hub, open, 0, lobby);
        commands.issue(StreamCommand.Kind.DROP, owned, 2, at(1), "node-a");
        commands.issue(StreamCommand.Kind.FORBID, owned, 2, at(1), "node-a");
        commands.issue(StreamCommand.Kind.DROP, open, 2, at(1), "node-a");
        poller.pollOnce();
        assertThat(alices).hasValue(0);
        assertThat(lobby).hasValue(1);
        commands.issue(StreamCommand.Kind.DROP, owned, 1, at(1), "node-a");
        poller.pollOnce();
        assertThat(alices).hasValue(1);
    }

    @Test
    void aForbidAlsoTakesALaterPublishWhileItsBanHolds() throws Exception {
        node(TestDatabases.H2);
        StreamKey banned = new StreamKey("d.example", "live", "banned");
        StreamKey lifted = new StreamKey("d.example", "live", "lifted");
        forbidden.forbid(banned, 1, T.plus(Duration.ofDays(1)), "", T);
        commands.issue(StreamCommand.Kind.FORBID, banned, 1, at(0), "node-a");
        commands.issue(StreamCommand.Kind.FORBID, lifted, 1, at(0), "node-a"); // its ban was resumed already
        clock.set(T.plusSeconds(1)); // both publishes passed the ban check before the bans were written
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        publish(hub, banned, 1, a);
        publish(hub, lifted, 1, b);
        poller.pollOnce();
        assertThat(a).hasValue(1);
        assertThat(b).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
    void aRowCommittedAfterAHigherIdIsStillCarriedOut(String kind) throws Exception {
        node(kind);
        StreamKey key = new StreamKey("d.example", "live", "late");
        AtomicInteger n = new AtomicInteger();
        publish(hub, key, 1, n);
        // id 100 commits first, id 50 (taken earlier by a slower transaction) after the poller read past it
        insert(100, "other", at(1));
        poller.pollOnce();
        insert(50, "late", at(1));
        poller.pollOnce();
        assertThat(n).hasValue(1);
    }

    private void insert(long id, String stream, long issuedAt) {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO live_stream_command (id, kind, domain_name, app_name, "
                + "stream_name, account_id, issued_at, node_name) VALUES (?, 'drop', 'd.example', 'live', ?, 1, ?, 'node-a')",
                id, stream, issuedAt));
    }

    @Test
    void oldRowsArePruned() {
        node(TestDatabases.H2);
        commands.issue(StreamCommand.Kind.DROP, new StreamKey("d.example", "live", "old"), 1, at(0), "node-a");
        clock.set(T.plus(Duration.ofMinutes(9)));
        commands.issue(StreamCommand.Kind.DROP, new StreamKey("d.example", "live", "recent"), 1, clock.millis(), "node-a");
        clock.set(T.plus(Duration.ofMinutes(11)));
        poller.pollOnce();
        assertThat(commands.after(0, 10)).extracting(c -> c.key().name()).containsExactly("recent");
    }

    @Test
    void theThreadCarriesOutCommandsWithinAPollPeriodAndStops() throws Exception {
        node(TestDatabases.H2);
        StreamKey key = new StreamKey("d.example", "live", "bg");
        AtomicInteger n = new AtomicInteger();
        publish(hub, key, 1, n);
        // written before the node started: there were no publishers then, so the poller starts after it
        commands.issue(StreamCommand.Kind.DROP, key, 1, at(1), "node-a");
        StreamCommandPoller threaded = new StreamCommandPoller(commands, hub, forbidden, clock, 100);
        threaded.start();
        try {
            Thread.sleep(300);
            assertThat(n).hasValue(0);
            commands.issue(StreamCommand.Kind.DROP, key, 1, at(6), "node-b");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> n.get() == 1);
        } finally {
            threaded.close();
        }
    }
}
