package dev.liverec.rtmp.client;

import dev.liverec.rtmp.limits.RtmpLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * Replays {@link ChunkedMedia} over one publisher at real-time pace (message timestamps against the wall clock),
 * looping with increasing timestamps until {@code durationMs}, then closes the publish. A {@link ReplayPacer} calls
 * {@link #pump} on the connection's event loop every tick: all messages due by then go out as one slice per pass
 * and one flush. {@link ReplayCounters} learns the bytes queued and, when the socket took them, written.
 */
public final class FlvReplay {
    private final ChunkedMedia media;
    private final RtmpPublisher publisher;
    private final long durationMs;
    private final ReplayCounters counters;
    private long startNanos;
    private ChunkedPass pass;
    private int index;
    private volatile boolean finished;
    private volatile boolean disconnected;
    private volatile long maxLagMs;
    private Runnable onEnd = () -> { };

    public FlvReplay(ChunkedMedia media, RtmpPublisher publisher, long durationMs, ReplayCounters counters) {
        this.media = media;
        this.publisher = publisher;
        this.durationMs = durationMs;
        this.counters = counters;
    }

    /** A replay on its own (tests): the file chunked for this connection alone, paced by its own timer. */
    public static FlvReplay start(FlvFile file, RtmpPublisher publisher, long durationMs) {
        ChunkedMedia media = new ChunkedMedia(file, RtmpLimits.CLIENT_CHUNK_SIZE);
        ReplayPacer pacer = new ReplayPacer(ReplayPacer.DEFAULT_TICK_MS);
        FlvReplay replay = new FlvReplay(media, publisher, durationMs, new ReplayCounters());
        replay.onEnd = () -> {
            pacer.close();
            media.close();
        };
        pacer.start(replay);
        return replay;
    }

    EventLoop loop() { return publisher.channel().eventLoop(); }

    public boolean finished() { return finished; }

    /** The connection closed before the replay ended it. */
    public boolean disconnected() { return disconnected; }

    /** Longest delay of a message behind its due time (a saturated client or server shows here). */
    public long maxLagMs() { return maxLagMs; }

    /** On the event loop: starts the clock; the first messages go out on the first pump. */
    void begin(long nowNanos) {
        startNanos = nowNanos;
        pass = media.pass(publisher.streamId(), 0);
        // a connection closed or a loop shut down between ticks still gives its pass back
        publisher.channel().closeFuture().addListener(f -> {
            if (!finished) disconnected = true;
            end();
        });
    }

    /** On the event loop: writes what is due at {@code nowNanos}; false once the replay has ended. */
    boolean pump(long nowNanos) {
        if (finished) return false;
        if (!publisher.channel().isActive()) {
            disconnected = true;
            return end();
        }
        long elapsed = (nowNanos - startNanos) / 1_000_000;
        if (elapsed >= durationMs) {
            end(); // first: the close below counts as the end, not as a disconnect
            publisher.close();
            return false;
        }
        boolean wrote = false;
        while (true) {
            int from = index;
            while (index < pass.count() && pass.due(index) <= elapsed) index++;
            if (index > from) {
                maxLagMs = Math.max(maxLagMs, elapsed - pass.due(from));
                write(pass.slice(from, index));
                wrote = true;
            }
            if (index < pass.count()) break;
            ChunkedPass next = media.pass(publisher.streamId(), pass.pass() + 1);
            pass.release();
            pass = next;
            index = 0;
        }
        if (wrote) publisher.flush();
        return true;
    }

    private void write(ByteBuf chunks) {
        int bytes = chunks.readableBytes();
        counters.queued(bytes);
        publisher.sendChunks(chunks).addListener(f -> {
            if (f.isSuccess()) counters.written(bytes);
        });
    }

    private boolean end() {
        if (pass != null) {
            pass.release();
            pass = null;
            onEnd.run();
        }
        finished = true;
        return false;
    }
}
