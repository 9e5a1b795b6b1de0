package dev.liverec.rtmp.client;

import io.netty.channel.EventLoop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays an {@link FlvFile} over one publisher at real-time pace (tag timestamps against the wall clock), looping
 * with increasing timestamps until {@code durationMs}, then closes the publish. Runs on the connection's event loop.
 */
public final class FlvReplay {
    private final FlvFile file;
    private final RtmpPublisher publisher;
    private final long durationMs;
    private final AtomicLong bytesSent;
    private final EventLoop loop;
    private long startNanos;
    private long loopOffset;
    private int index;
    private boolean metadataSent;
    private volatile boolean finished;
    private volatile long maxLagMs;

    public FlvReplay(FlvFile file, RtmpPublisher publisher, long durationMs, AtomicLong bytesSent) {
        this.file = file;
        this.publisher = publisher;
        this.durationMs = durationMs;
        this.bytesSent = bytesSent;
        this.loop = publisher.channel().eventLoop();
    }

    public void start() {
        loop.execute(() -> {
            startNanos = System.nanoTime();
            tick();
        });
    }

    public boolean finished() { return finished; }

    /** Longest delay of a tag behind its due time (a saturated client or server shows here). */
    public long maxLagMs() { return maxLagMs; }

    private void tick() {
        if (finished) return;
        if (!publisher.channel().isActive()) {
            finished = true;
            return;
        }
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        if (elapsed >= durationMs) {
            finished = true;
            publisher.close();
            return;
        }
        boolean wrote = false;
        while (true) {
            if (index == file.count()) {
                index = 0;
                loopOffset += file.loopDuration();
            }
            long due = file.timestamp(index) + loopOffset;
            if (due > elapsed) {
                if (wrote) publisher.flush();
                loop.schedule(this::tick, due - elapsed, TimeUnit.MILLISECONDS);
                return;
            }
            int type = file.type(index);
            if (type != 18 || !metadataSent) {
                if (type == 18) metadataSent = true;
                maxLagMs = Math.max(maxLagMs, elapsed - due);
                bytesSent.addAndGet(file.size(index));
                publisher.send(type, due, file.body(index), false);
                wrote = true;
            }
            index++;
        }
    }
}
