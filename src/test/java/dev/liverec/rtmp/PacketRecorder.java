package dev.liverec.rtmp;

import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamListener;
import dev.liverec.stream.StreamSubscriber;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Subscribes to every stream that starts and keeps a summary of each packet (no buffers held). */
public final class PacketRecorder implements StreamListener, StreamSubscriber {
    public record Seen(String stream, String codec, long dts, long pts, int size, boolean key, boolean header) {}

    public final List<Seen> packets = new CopyOnWriteArrayList<>();
    public final List<LiveStream> published = new CopyOnWriteArrayList<>();
    public final CountDownLatch ended = new CountDownLatch(1);
    public volatile int endCount;

    @Override
    public void onPublish(LiveStream stream) {
        published.add(stream);
        stream.subscribe(this, true);
    }

    @Override
    public void onPacket(LiveStream stream, MediaPacket p) {
        packets.add(new Seen(stream.key().name(), p.codec().shortName(), p.dts(), p.pts(), p.size(), p.isKeyframe(),
                p.isSequenceHeader()));
    }

    @Override
    public synchronized void onStreamEnd(LiveStream stream) {
        endCount++;
        ended.countDown();
    }
}
