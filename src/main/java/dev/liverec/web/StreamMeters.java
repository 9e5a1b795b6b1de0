package dev.liverec.web;

import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest meters read from the hub: {@code liverec_streams_live} and {@code liverec_ingest_bytes_total}. The byte
 * counter is the bytes of ended publishes (added when the hub reports the unpublish) plus the live streams' running
 * counts, reported monotonically so the short moment between a stream leaving the online list and its unpublish
 * event cannot make the counter go down.
 */
public final class StreamMeters implements StreamListener {
    private final StreamHub hub;
    private final AtomicLong endedBytes = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong lastReported = new AtomicLong();

    public StreamMeters(StreamHub hub) {
        this.hub = hub;
    }

    public void bindTo(MeterRegistry registry) {
        hub.addListener(this);
        Gauge.builder("liverec.streams.live", hub, h -> h.online().size())
                .description("Streams being published to this node now").register(registry);
        FunctionCounter.builder("liverec.ingest.bytes", this, StreamMeters::ingestBytes).baseUnit("bytes")
                .description("Media payload bytes received from publishers (rate x 8 = ingest bitrate)").register(registry);
        FunctionCounter.builder("liverec.stream.publishes", published, AtomicLong::get)
                .description("Publish sessions accepted by the stream hub").register(registry);
    }

    @Override
    public void onPublish(LiveStream stream) {
        published.incrementAndGet();
    }

    @Override
    public void onUnpublish(LiveStream stream) {
        endedBytes.addAndGet(stream.bytesIn());
    }

    long ingestBytes() {
        long now = endedBytes.get();
        for (LiveStream s : hub.online()) now += s.bytesIn();
        long n = now;
        return lastReported.accumulateAndGet(n, Math::max);
    }
}
