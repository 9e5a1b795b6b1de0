package dev.liverec.stream;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Back-pressure from a stream's readers to its publisher: a reader that falls behind (a recording whose disk does
 * not keep up) holds the publisher paused until it caught up; the ingest side applies "paused" to its connection
 * (Netty autoRead), so no reader ever blocks the shared event loop. Confined to the stream's event loop.
 */
final class PublisherReads {
    private final Set<Object> holders = new HashSet<>();
    private Consumer<Boolean> control = paused -> {};

    /** The ingest side's switch; told the current state at once when paused. */
    void control(Consumer<Boolean> c) {
        control = c;
        if (!holders.isEmpty()) c.accept(true);
    }

    void pause(Object holder) {
        if (holders.add(holder) && holders.size() == 1) control.accept(true);
    }

    void resume(Object holder) {
        if (holders.remove(holder) && holders.isEmpty()) control.accept(false);
    }

    boolean paused() {
        return !holders.isEmpty();
    }

    void clear() {
        if (holders.isEmpty()) return;
        holders.clear();
        control.accept(false);
    }
}
