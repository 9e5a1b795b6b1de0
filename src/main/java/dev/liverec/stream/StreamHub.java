package dev.liverec.stream;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** The meeting point of ingest and recording: one {@link LiveStream} per live {@link StreamKey} on this node. */
public final class StreamHub {
    static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    /** What happens when a second publisher arrives on a live stream. */
    public enum ConflictPolicy { REFUSE, REPLACE }

    private final ConcurrentHashMap<StreamKey, LiveStream> live = new ConcurrentHashMap<>();
    private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ConflictPolicy conflictPolicy;
    private final long gopCacheMaxBytes;
    private final LongAdder gopCacheBytes = new LongAdder();
    private volatile PublishAdmission admission = key -> {};
    private volatile GopFiles gopFiles; // null: GOP caches in memory

    /** Asked before a publisher is registered; throws to refuse it (the node's memory budget). */
    public interface PublishAdmission {
        void admit(StreamKey key) throws PublishRefusedException;
    }

    public StreamHub(Clock clock, ConflictPolicy conflictPolicy, long gopCacheMaxBytes) {
        this.clock = clock;
        this.conflictPolicy = conflictPolicy;
        this.gopCacheMaxBytes = gopCacheMaxBytes;
    }

    public ConflictPolicy conflictPolicy() {
        return conflictPolicy;
    }

    /** GOP caches of streams published from now on keep their GOPs in files (null: in memory). */
    public void setGopFiles(GopFiles gopFiles) {
        this.gopFiles = gopFiles;
    }

    public GopFiles gopFiles() {
        return gopFiles;
    }

    public void setAdmission(PublishAdmission admission) {
        this.admission = admission;
    }

    /** Bytes of media held by the GOP caches of every live stream. */
    public long gopCacheBytes() {
        return gopCacheBytes.sum();
    }

    public void addListener(StreamListener listener) {
        listeners.add(listener);
    }

    /**
     * Registers a new publisher. With REPLACE the previous publisher is disconnected and ended first.
     *
     * @param disconnect closes the publisher's connection (used by DropLiveStream and REPLACE)
     */
    public LiveStream publish(StreamKey key, long accountId, InetSocketAddress peer, String queryString,
                              EventExecutor eventLoop, Runnable disconnect) throws PublishRefusedException {
        admission.admit(key);
        LiveStream stream = new LiveStream(key, accountId, clock.instant(), peer, queryString, eventLoop, disconnect,
                gopCacheMaxBytes, gopCacheBytes, gopFiles);
        while (true) {
            LiveStream existing = live.putIfAbsent(key, stream);
            if (existing == null) break;
            if (conflictPolicy == ConflictPolicy.REFUSE) {
                throw new PublishRefusedException("NetStream.Publish.BadName", "stream " + key + " is already publishing");
            }
            LOG.info("stream {}: new publisher from {} replaces {}", key, peer, existing.peer());
            existing.disconnect();
            unpublish(existing);
        }
        LOG.info("stream {}: publish from {}", key, peer);
        for (StreamListener l : listeners) {
            try {
                l.onPublish(stream);
            } catch (RuntimeException e) {
                LOG.error("stream {}: publish listener failed", key, e);
            }
        }
        return stream;
    }

    /** The publisher left; idempotent. */
    public void unpublish(LiveStream stream) {
        if (!live.remove(stream.key(), stream)) return;
        LOG.info("stream {}: unpublish ({} bytes in)", stream.key(), stream.bytesIn());
        stream.end();
        for (StreamListener l : listeners) {
            try {
                l.onUnpublish(stream);
            } catch (RuntimeException e) {
                LOG.error("stream {}: unpublish listener failed", stream.key(), e);
            }
        }
    }

    public Optional<LiveStream> find(StreamKey key) {
        return Optional.ofNullable(live.get(key));
    }

    public List<LiveStream> online() {
        return List.copyOf(live.values());
    }
}
