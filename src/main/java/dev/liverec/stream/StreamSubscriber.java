package dev.liverec.stream;

import dev.liverec.media.MediaPacket;

/**
 * A reader of one live stream (a recording session, a preview player). Callbacks run on the stream's event loop,
 * one at a time and in order; they must not block. A subscriber that keeps a packet after {@code onPacket}
 * returns must retain it.
 */
public interface StreamSubscriber {
    void onPacket(LiveStream stream, MediaPacket packet);

    /** The publisher left (or was dropped); no packet follows. */
    void onStreamEnd(LiveStream stream);

    /**
     * Does this reader use the media (a recording, a player), as opposed to only counting it? A stream without such
     * a reader may lose its GOP cache under memory pressure.
     */
    default boolean readsMedia() {
        return true;
    }
}
