package dev.liverec.record.schedule;

import dev.liverec.record.session.ParkedPlaylist;
import dev.liverec.record.session.RecordingSpec;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;

/**
 * HLS playlists whose publisher left, each kept for a re-push until its timer (FlowContinueDuration, or the task's
 * EndTime when sooner) finishes it. Confined to the scheduler thread.
 */
final class ParkedPlaylists {
    private static final Logger LOG = LoggerFactory.getLogger(ParkedPlaylists.class);

    private record Entry(ParkedPlaylist playlist, ScheduledFuture<?> timer, String ownerId) {}

    private final Map<String, Entry> byKey = new HashMap<>();
    private final Clock clock;
    private final Timers timers;

    ParkedPlaylists(Clock clock, Timers timers) {
        this.clock = clock;
        this.timers = timers;
    }

    void park(RecordingSpec spec, ParkedPlaylist p) {
        long delay = spec.flowContinueMillis();
        String reason = "stream_end";
        if (spec.endTime() != null) {
            long toEnd = Duration.between(clock.instant(), spec.endTime()).toMillis();
            if (toEnd < delay) {
                delay = toEnd;
                reason = "task_end";
            }
        }
        String key = key(spec.ownerId(), spec.stream(), spec.format());
        String why = reason;
        ScheduledFuture<?> timer = timers.after("resume window over", Math.max(0, delay), () -> {
            Entry e = byKey.remove(key);
            if (e != null && e.playlist == p) p.finish(why);
        });
        byKey.put(key, new Entry(p, timer, spec.ownerId()));
        LOG.info("{} {}: stream ended, HLS playlist kept open {} ms for a re-push", spec.stream(), spec.ownerId(),
                delay);
    }

    /** The owner's parked playlist of this stream and format, taken over by a re-push (null when none). */
    ParkedPlaylist take(String owner, StreamKey stream, RecordFormat format) {
        Entry e = byKey.remove(key(owner, stream, format));
        if (e == null) return null;
        e.timer.cancel(false);
        return e.playlist;
    }

    /** Finishes the playlists of the owners {@code which} accepts. */
    void finish(Predicate<String> which, String reason) {
        byKey.values().removeIf(e -> {
            if (!which.test(e.ownerId)) return false;
            e.timer.cancel(false);
            e.playlist.finish(reason);
            return true;
        });
    }

    List<CompletableFuture<Void>> finishAll(String reason) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Entry e : byKey.values()) {
            e.timer.cancel(false);
            done.add(e.playlist.finish(reason));
        }
        byKey.clear();
        return done;
    }

    private static String key(String owner, StreamKey key, RecordFormat f) {
        return owner + "|" + key + "|" + f;
    }
}
