package dev.liverec.cluster;

import dev.liverec.db.SqlErrors;
import dev.liverec.stream.OnlineStreams;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.PublishRefusedException;
import dev.liverec.stream.StreamCommand;
import dev.liverec.stream.StreamCommands;
import dev.liverec.stream.StreamHub.ConflictPolicy;
import dev.liverec.stream.StreamKey;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One publisher per stream across the cluster: after the node's own authorization, a publish claims the stream in
 * the database ({@link OnlineStreams#claim}). When another live node holds it, {@code rtmp.publisherConflict}
 * decides as on one node: {@code refuse} (after a short wait, for a publisher that is just leaving the other node)
 * or {@code replace} (a drop command to the holding node, then the stream is taken once it let go). A dead node's
 * claim is removed. While the database is unreachable the claim is skipped (each node still allows one publisher
 * per stream) and the heartbeat's reconcile settles it when the database is back. Blocking: runs on the
 * authorization executor.
 */
public final class SinglePublisherGate implements PublishAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(SinglePublisherGate.class);
    /** How long a refused publish waits for the holder to leave (it may be the same client reconnecting). */
    static final long REFUSE_WAIT_MS = 2_000;
    private static final long RETRY_MS = 200;

    private final PublishAuthorizer node;
    private final OnlineStreams online;
    private final StreamCommands commands;
    private final ConflictPolicy policy;
    private final long replaceWaitMs;
    private final Clock clock;
    private final BooleanSupplier databaseReachable;

    /**
     * @param commandPollMillis how often the holding node reads commands (the replace wait is a few of these)
     * @param databaseReachable false while the database is known to be down: the claim is skipped without a wait
     */
    public SinglePublisherGate(PublishAuthorizer node, OnlineStreams online, StreamCommands commands,
                               ConflictPolicy policy, long commandPollMillis, Clock clock,
                               BooleanSupplier databaseReachable) {
        this.databaseReachable = databaseReachable;
        this.node = node;
        this.online = online;
        this.commands = commands;
        this.policy = policy;
        this.replaceWaitMs = 4 * commandPollMillis + 3_000;
        this.clock = clock;
    }

    @Override
    public long authorize(StreamKey key, String queryString, InetSocketAddress peer) throws PublishRefusedException {
        long account = node.authorize(key, queryString, peer);
        if (!databaseReachable.getAsBoolean()) {
            LOG.warn("stream {}: database down, publish allowed without a cluster-wide claim", key);
            return account;
        }
        try {
            claim(key, account);
        } catch (JdbiException e) {
            if (!SqlErrors.unavailable(e)) throw e;
            LOG.warn("stream {}: database unreachable, publish allowed without a cluster-wide claim", key);
        }
        return account;
    }

    private void claim(StreamKey key, long account) throws PublishRefusedException {
        long deadline = System.nanoTime() / 1_000_000 + (policy == ConflictPolicy.REPLACE ? replaceWaitMs : REFUSE_WAIT_MS);
        boolean dropSent = false;
        while (true) {
            Optional<OnlineStreams.Holder> holder = online.claim(key, account);
            if (holder.isEmpty()) return;
            OnlineStreams.Holder h = holder.get();
            if (!h.live()) {
                if (online.removeIfDead(key, h.node())) LOG.info("stream {}: removed the claim of dead node {}", key, h.node());
                continue;
            }
            if (policy == ConflictPolicy.REPLACE && !dropSent) {
                LOG.info("stream {}: a new publisher replaces the one on node {}", key, h.node());
                commands.issue(StreamCommand.Kind.DROP, key, h.accountId(), clock.millis(), online.node());
                dropSent = true;
            }
            if (System.nanoTime() / 1_000_000 >= deadline) {
                throw new PublishRefusedException("NetStream.Publish.BadName",
                        "stream " + key + " is already publishing on node " + h.node());
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishRefusedException("NetStream.Publish.BadConnection", "interrupted");
            }
        }
    }
}
