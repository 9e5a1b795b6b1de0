package dev.liverec.stream;

import dev.liverec.media.MediaPacket;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One publish session of a stream. Packets enter on the publisher's event loop and fan out to subscribers on the
 * same loop; subscribe/unsubscribe from other threads hop onto it. Everything mutable here is confined to that loop,
 * except the counters and {@link #info()}, which other threads read.
 */
public final class LiveStream {
    private final StreamKey key;
    private final long accountId;
    private final String sequence = UUID.randomUUID().toString();
    private final Instant publishedAt;
    private final InetSocketAddress peer;
    private final String queryString;
    private final EventExecutor eventLoop;
    private final Runnable disconnect;
    private final GopCache gopCache;
    private final PublisherReads reads = new PublisherReads();
    /** Copy-on-write, replaced only on the loop: a subscriber may (un)subscribe from inside its own callback. */
    private volatile StreamSubscriber[] subscribers = new StreamSubscriber[0];
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsIn = new AtomicLong();
    private volatile StreamInfo info = StreamInfo.UNKNOWN;
    private volatile Map<String, Object> metadata = Map.of();
    private volatile boolean ended;

    LiveStream(StreamKey key, long accountId, Instant publishedAt, InetSocketAddress peer, String queryString,
               EventExecutor eventLoop, Runnable disconnect, long gopCacheMaxBytes, LongAdder gopCacheBytes,
               GopFiles gopFiles) {
        this.key = key;
        this.accountId = accountId;
        this.publishedAt = publishedAt;
        this.peer = peer;
        this.queryString = queryString == null ? "" : queryString;
        this.eventLoop = eventLoop;
        this.disconnect = disconnect;
        this.gopCache = new GopCache(gopCacheMaxBytes, 1000, gopCacheBytes, gopFiles);
    }

    public StreamKey key() { return key; }
    /** Account owning the stream's push domain; 0 when the domain is not registered. */
    public long accountId() { return accountId; }
    /** Id shared by the start and end events of this publish (callback field {@code sequence}). */
    public String sequence() { return sequence; }
    public Instant publishedAt() { return publishedAt; }
    public InetSocketAddress peer() { return peer; }
    /** The push URL's raw query string ({@code stream_param} in callbacks). */
    public String queryString() { return queryString; }
    public EventExecutor eventLoop() { return eventLoop; }
    public StreamInfo info() { return info; }
    public void setInfo(StreamInfo info) { this.info = info; }
    public Map<String, Object> metadata() { return metadata; }
    public void setMetadata(Map<String, Object> metadata) { this.metadata = Map.copyOf(metadata); }
    public long bytesIn() { return bytesIn.get(); }
    public long packetsIn() { return packetsIn.get(); }
    public boolean isEnded() { return ended; }

    /** Called by the ingest layer on the event loop; the stream takes its own references where it keeps the packet. */
    public void dispatch(MediaPacket packet) {
        assert eventLoop.inEventLoop();
        bytesIn.addAndGet(packet.size());
        packetsIn.incrementAndGet();
        gopCache.add(packet);
        for (StreamSubscriber s : subscribers) {
            try {
                s.onPacket(this, packet);
            } catch (RuntimeException e) {
                StreamHub.LOG.error("stream {}: subscriber {} failed, removing it", key, s, e);
                remove(s);
                safeEnd(s);
            }
        }
    }

    /**
     * Adds a reader. It first receives the current sequence headers and, with {@code fromGopCache}, every packet
     * since the last keyframe, then live packets. If the stream already ended, the reader gets only onStreamEnd.
     */
    public void subscribe(StreamSubscriber subscriber, boolean fromGopCache) {
        onLoop(() -> {
            if (ended) {
                safeEnd(subscriber);
                return;
            }
            gopCache.replay(fromGopCache, p -> subscriber.onPacket(this, p));
            StreamSubscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
            next[next.length - 1] = subscriber;
            subscribers = next;
        });
    }

    public void unsubscribe(StreamSubscriber subscriber) {
        onLoop(() -> remove(subscriber));
    }

    private void remove(StreamSubscriber subscriber) {
        List<StreamSubscriber> rest = new ArrayList<>(Arrays.asList(subscribers));
        if (rest.remove(subscriber)) subscribers = rest.toArray(new StreamSubscriber[0]);
    }

    /**
     * The ingest side: {@code pausedChanged} stops (true) or resumes (false) reading from the publisher's
     * connection; called on the loop whenever a reader that fell behind holds or releases the publisher.
     */
    public void onReadPause(Consumer<Boolean> pausedChanged) {
        onLoop(() -> reads.control(pausedChanged));
    }

    /** A reader fell behind: reading from the publisher pauses until every such reader resumed it (any thread). */
    public void pauseReading(Object reader) {
        onLoop(() -> reads.pause(reader));
    }

    /** The reader caught up (or left): reading resumes once no reader holds the publisher (any thread). */
    public void resumeReading(Object reader) {
        onLoop(() -> reads.resume(reader));
    }

    /** Is a reader holding the publisher paused? On the loop. */
    public boolean readingPaused() {
        return reads.paused();
    }

    /** Memory pressure: the GOP cache is emptied and stays empty until {@link #keepGopCache} (any thread). */
    public void dropGopCache() {
        onLoop(gopCache::suspend);
    }

    /** The GOP cache fills again from the next keyframe (any thread). */
    public void keepGopCache() {
        onLoop(gopCache::resume);
    }

    /** Asks the publisher's connection to close (DropLiveStream, replace policy). */
    public void disconnect() {
        disconnect.run();
    }

    /** Called once by the hub when the publisher leaves. */
    void end() {
        onLoop(() -> {
            if (ended) return;
            ended = true;
            StreamSubscriber[] copy = subscribers;
            subscribers = new StreamSubscriber[0];
            for (StreamSubscriber s : copy) safeEnd(s);
            gopCache.clear();
            reads.clear();
        });
    }

    public int subscriberCount() { return subscribers.length; }

    /** Is a recording or a player reading the stream (not only a counter)? Any thread. */
    public boolean hasMediaReaders() {
        for (StreamSubscriber s : subscribers) {
            if (s.readsMedia()) return true;
        }
        return false;
    }

    private void safeEnd(StreamSubscriber s) {
        try {
            s.onStreamEnd(this);
        } catch (RuntimeException e) {
            StreamHub.LOG.error("stream {}: subscriber {} failed on end", key, s, e);
        }
    }

    private void onLoop(Runnable r) {
        if (eventLoop.inEventLoop()) r.run();
        else eventLoop.execute(r);
    }

    @Override
    public String toString() {
        return key + "#" + sequence.substring(0, 8);
    }
}
