package dev.liverec.stream;

import dev.liverec.db.Wakeup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/**
 * Carries out stream commands written by any node (DropLiveStream / ForbidLiveStream on the node that took the
 * call) on this node's publishers: one background thread reads new {@code live_stream_command} rows every poll
 * period (a primary-key range scan) and disconnects a local publisher the command may touch whose publish began
 * before the command, so a re-push after a drop stays. A forbid also disconnects a later publish while its ban is
 * in force (a publish that passed the ban check just before the ban was written). Old rows are pruned.
 *
 * <p>Ids come from an identity column, so a row can commit after a row with a higher id; rows are therefore read
 * again for {@link #REREAD_NANOS} after their id range was first read (handled ids are remembered meanwhile).
 */
public final class StreamCommandPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCommandPoller.class);
    static final long REREAD_NANOS = 2_000_000_000L;
    /** Commands are useful for seconds; rows are kept this long (also covers clocks a little apart). */
    static final long KEEP_MILLIS = 10 * 60_000L;
    static final long PRUNE_EVERY_NANOS = 60_000_000_000L;
    static final int BATCH = 5000;

    private final StreamCommands commands;
    private final StreamHub hub;
    private final ForbiddenStreams forbidden;
    private final Clock clock;
    private final long pollMillis;
    private final Wakeup wakeup = new Wakeup();
    private final Thread thread;
    private volatile boolean running = true;

    // poller-thread state
    private long floor;
    private long highest;
    private final TreeSet<Long> handled = new TreeSet<>();
    /** (nanoTime, highest id read by then): the floor moves to an entry's id once it is REREAD_NANOS old. */
    private final Deque<long[]> reads = new ArrayDeque<>();
    private long lastPrune = System.nanoTime() - PRUNE_EVERY_NANOS;
    private boolean failing;

    public StreamCommandPoller(StreamCommands commands, StreamHub hub, ForbiddenStreams forbidden, Clock clock,
                               long pollMillis) {
        this.commands = commands;
        this.hub = hub;
        this.forbidden = forbidden;
        this.clock = clock;
        this.pollMillis = Math.max(50, pollMillis);
        this.thread = new Thread(this::run, "stream-commands");
        this.thread.setDaemon(true);
    }

    /** Starts reading after the commands already written (they predate every publish of this node). */
    public void start() {
        floor = commands.lastId();
        highest = floor;
        thread.start();
    }

    private void run() {
        while (running) {
            boolean more = false;
            try {
                more = pollOnce();
                if (failing) LOG.info("stream commands: reading again");
                failing = false;
            } catch (RuntimeException e) {
                // once per outage, not every poll period
                if (!failing) LOG.warn("stream commands: cannot read ({}); retrying every {} ms", e.toString(), pollMillis);
                failing = true;
            }
            if (!more && running && !wakeup.await(pollMillis)) return;
        }
    }

    /** One read and apply; returns true when the batch was full (read again at once). Poller thread only. */
    boolean pollOnce() {
        long now = System.nanoTime();
        List<StreamCommand> batch = commands.after(floor, BATCH);
        for (StreamCommand c : batch) {
            highest = Math.max(highest, c.id());
            if (handled.add(c.id())) apply(c);
        }
        boolean full = batch.size() == BATCH;
        if (full) {
            floor = highest; // a flood: stop re-reading rather than stall
            reads.clear();
        } else {
            reads.addLast(new long[] {now, highest});
            while (!reads.isEmpty() && now - reads.peekFirst()[0] >= REREAD_NANOS) floor = Math.max(floor, reads.pollFirst()[1]);
        }
        handled.headSet(floor, true).clear();
        if (now - lastPrune >= PRUNE_EVERY_NANOS) {
            lastPrune = now;
            int n = commands.pruneBefore(clock.millis() - KEEP_MILLIS);
            if (n > 0) LOG.debug("pruned {} old stream commands", n);
        }
        return full;
    }

    private void apply(StreamCommand c) {
        hub.find(c.key()).filter(s -> !s.isEnded() && c.mayTouch(s)).ifPresent(s -> {
            boolean act = c.predates(s) || (c.kind() == StreamCommand.Kind.FORBID
                    && forbidden.active(c.key(), clock.instant()).isPresent());
            if (!act) return;
            LOG.info("stream {}: disconnected by {} from node {} (command {})", s, c.kind(), c.node(), c.id());
            s.disconnect();
        });
    }

    @Override
    public void close() {
        running = false;
        wakeup.signal();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
