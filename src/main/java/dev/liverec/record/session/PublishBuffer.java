package dev.liverec.record.session;

import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamSubscriber;

import java.util.ArrayDeque;

/**
 * Holds every packet of a new publish (by reference) while the scheduler asks the control plane which tasks and
 * rules record it, so those recordings start at the publish's first keyframe even when the lookup takes longer
 * than a GOP. Bounded: past the cap it drops everything and the sessions fall back to the GOP cache.
 * Confined to the stream's event loop.
 */
public final class PublishBuffer implements StreamSubscriber {
    static final long MAX_BYTES = 8L << 20;
    static final int MAX_PACKETS = 4000;

    private final ArrayDeque<MediaPacket> packets = new ArrayDeque<>();
    private long bytes;
    private boolean usable = true;

    @Override
    public void onPacket(LiveStream stream, MediaPacket p) {
        if (!usable) return;
        packets.addLast(p.retain());
        bytes += p.size();
        if (bytes > MAX_BYTES || packets.size() > MAX_PACKETS) drop();
    }

    @Override
    public void onStreamEnd(LiveStream stream) {
        drop();
    }

    /** On the loop: gives {@code session} everything since the publish, then live packets. */
    void handOver(LiveStream stream, RecordSession session) {
        if (!usable) {
            stream.subscribe(session, true);
            return;
        }
        for (MediaPacket p : packets.toArray(MediaPacket[]::new)) session.onPacket(stream, p);
        stream.subscribe(session, false); // headers again (ignored as unchanged), then live packets
    }

    /** On the loop, once every session of the publish was handed over. */
    public void release(LiveStream stream) {
        stream.unsubscribe(this);
        drop();
    }

    private void drop() {
        usable = false;
        MediaPacket p;
        while ((p = packets.pollFirst()) != null) p.release();
        bytes = 0;
    }
}
