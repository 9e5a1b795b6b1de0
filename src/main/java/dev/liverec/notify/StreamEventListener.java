package dev.liverec.notify;

import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamListener;

import java.time.Clock;
import java.util.concurrent.Executor;

/** Publish/unpublish on the hub become stream begin/end callbacks, queued off the publisher's event loop. */
public final class StreamEventListener implements StreamListener {
    private final CallbackEvents events;
    private final Executor blocking;
    private final Clock clock;

    public StreamEventListener(CallbackEvents events, Executor blocking, Clock clock) {
        this.events = events;
        this.blocking = blocking;
        this.clock = clock;
    }

    @Override
    public void onPublish(LiveStream stream) {
        blocking.execute(() -> events.streamBegin(stream));
    }

    @Override
    public void onUnpublish(LiveStream stream) {
        var endedAt = clock.instant();
        blocking.execute(() -> events.streamEnd(stream, endedAt));
    }
}
