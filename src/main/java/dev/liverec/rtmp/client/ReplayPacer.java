package dev.liverec.rtmp.client;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Paces {@link FlvReplay}s with one timer per event loop instead of one per message: every {@code tickMs} the loop
 * pumps each of its replays once (what is due goes out in one write and one flush per connection). A coarser tick
 * costs the generator fewer wake-ups and system calls; messages leave up to one tick late (seen in the lag).
 */
public final class ReplayPacer implements AutoCloseable {
    /** About one video frame at 25–30 fps: a server sees the cadence of a real encoder. */
    public static final long DEFAULT_TICK_MS = 40;
    private final long tickMs;
    private final Map<EventLoop, LoopTimer> timers = new ConcurrentHashMap<>();

    public ReplayPacer(long tickMs) {
        this.tickMs = Math.max(1, tickMs);
    }

    /** Starts {@code replay} on its connection's event loop; its first messages go out at once. */
    public void start(FlvReplay replay) {
        EventLoop loop = replay.loop();
        LoopTimer timer = timers.computeIfAbsent(loop, LoopTimer::new);
        loop.execute(() -> {
            long now = System.nanoTime();
            replay.begin(now);
            if (replay.pump(now)) timer.replays.add(replay);
        });
    }

    @Override
    public void close() {
        timers.values().forEach(t -> t.future.cancel(false));
    }

    /** The replays of one event loop, touched only on that loop. */
    private final class LoopTimer {
        final List<FlvReplay> replays = new ArrayList<>();
        final ScheduledFuture<?> future;

        LoopTimer(EventLoop loop) {
            future = loop.scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
        }

        void tick() {
            long now = System.nanoTime();
            replays.removeIf(r -> !r.pump(now));
        }
    }
}
