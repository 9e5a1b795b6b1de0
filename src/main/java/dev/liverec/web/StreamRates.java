package dev.liverec.web;

import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamListener;
import dev.liverec.stream.StreamSubscriber;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-stream ingest rates (video/audio bits per second and frames per second) for DescribeLiveStreamPushInfoList
 * and the console. A counting subscriber rides on every live stream (it keeps no packet); {@link #sample} turns the
 * counters into rates over the last sampling interval.
 */
public final class StreamRates implements StreamListener {
    /** Counters written on the stream's event loop, read by the sampler; single writer, so plain volatile fields. */
    static final class TrackCounter implements StreamSubscriber {
        @Override
        public boolean readsMedia() {
            return false;
        }

        volatile long videoBytes, videoFrames, audioBytes, audioFrames;

        @Override
        public void onPacket(LiveStream stream, MediaPacket p) {
            if (p.isSequenceHeader()) return;
            if (p.isVideo()) {
                videoBytes += p.size();
                videoFrames++;
            } else {
                audioBytes += p.size();
                audioFrames++;
            }
        }

        @Override
        public void onStreamEnd(LiveStream stream) {}
    }

    /** Rates over the last interval; zero until two samples exist. */
    public record Rates(long videoBps, long audioBps, double videoFps, double audioFps) {
        static final Rates NONE = new Rates(0, 0, 0, 0);
    }

    private static final class Entry {
        final TrackCounter counter = new TrackCounter();
        long lastNanos, lastVideoBytes, lastVideoFrames, lastAudioBytes, lastAudioFrames;
        volatile Rates rates = Rates.NONE;
    }

    private final Map<LiveStream, Entry> entries = new ConcurrentHashMap<>();

    public void attach(StreamHub hub) {
        hub.addListener(this);
        for (LiveStream s : hub.online()) onPublish(s);
    }

    @Override
    public void onPublish(LiveStream stream) {
        Entry e = new Entry();
        e.lastNanos = System.nanoTime();
        if (entries.putIfAbsent(stream, e) == null) stream.subscribe(e.counter, false);
    }

    @Override
    public void onUnpublish(LiveStream stream) {
        entries.remove(stream);
    }

    /** Updates every stream's rates; called periodically from one thread. */
    public void sample() {
        long now = System.nanoTime();
        for (Entry e : entries.values()) {
            double secs = (now - e.lastNanos) / 1e9;
            if (secs < 0.2) continue;
            TrackCounter c = e.counter;
            long vb = c.videoBytes, vf = c.videoFrames, ab = c.audioBytes, af = c.audioFrames;
            e.rates = new Rates(Math.round((vb - e.lastVideoBytes) * 8 / secs), Math.round((ab - e.lastAudioBytes) * 8 / secs),
                    round1((vf - e.lastVideoFrames) / secs), round1((af - e.lastAudioFrames) / secs));
            e.lastNanos = now;
            e.lastVideoBytes = vb;
            e.lastVideoFrames = vf;
            e.lastAudioBytes = ab;
            e.lastAudioFrames = af;
        }
    }

    public Rates rates(LiveStream stream) {
        Entry e = entries.get(stream);
        return e == null ? Rates.NONE : e.rates;
    }

    /** Average total bitrate since the publish began (used before the first sampling interval has passed). */
    public static long averageBps(LiveStream stream, Instant now) {
        double secs = Math.max(1, now.toEpochMilli() - stream.publishedAt().toEpochMilli()) / 1000.0;
        return Math.round(stream.bytesIn() * 8 / secs);
    }

    Optional<TrackCounter> counter(LiveStream stream) {
        return Optional.ofNullable(entries.get(stream)).map(e -> e.counter);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
