package dev.liverec.stream;

import dev.liverec.media.MediaPacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The latest sequence headers and every packet since the last video keyframe, so that a reader joining a live
 * stream (a recording task created mid-stream) starts at once on a keyframe. Audio-only streams keep the last
 * {@code audioOnlyWindowMs} of audio. Bounded in bytes: past the cap the cache drops everything but the headers,
 * and a joining reader waits for the next keyframe. Under memory pressure the node may {@link #suspend} it (headers
 * kept, packets dropped until {@link #resume}). Its bytes count in the node's total. Confined to the stream's event
 * loop.
 */
final class GopCache {
    private final long maxBytes;
    private final long audioOnlyWindowMs;
    private final LongAdder nodeBytes;
    private final ArrayDeque<MediaPacket> packets = new ArrayDeque<>();
    private MediaPacket videoHeader;
    private MediaPacket audioHeader;
    private long bytes;
    private boolean sawVideo;
    private boolean overflowed;
    private boolean suspended;

    GopCache(long maxBytes, long audioOnlyWindowMs, LongAdder nodeBytes) {
        this.maxBytes = maxBytes;
        this.audioOnlyWindowMs = audioOnlyWindowMs;
        this.nodeBytes = nodeBytes;
    }

    void add(MediaPacket p) {
        if (p.isSequenceHeader()) {
            if (p.isVideo()) videoHeader = replace(videoHeader, p);
            else audioHeader = replace(audioHeader, p);
            return;
        }
        if (suspended) return;
        if (p.isVideo()) {
            sawVideo = true;
            if (p.isKeyframe()) {
                clearPackets();
                overflowed = false;
            } else if (packets.isEmpty() || overflowed) {
                return; // no keyframe cached yet: a GOP tail is useless to a joining reader
            }
        } else if (!sawVideo) {
            while (!packets.isEmpty() && p.dts() - packets.peekFirst().dts() > audioOnlyWindowMs) {
                MediaPacket old = packets.pollFirst();
                count(-old.size());
                old.release();
            }
        } else if (packets.isEmpty() || overflowed) {
            return;
        }
        if (bytes + p.size() > maxBytes) {
            clearPackets();
            overflowed = true;
            return;
        }
        packets.addLast(p.retain());
        count(p.size());
    }

    /** Drops the cached packets and caches none until {@link #resume}; the sequence headers stay. */
    void suspend() {
        suspended = true;
        clearPackets();
    }

    /** Caches again from the next keyframe on. */
    void resume() {
        if (!suspended) return;
        suspended = false;
        overflowed = true;
    }

    boolean suspended() { return suspended; }

    /** Sequence headers first, then the cached GOP in arrival order. */
    void replay(boolean withGop, Consumer<MediaPacket> sink) {
        if (videoHeader != null) sink.accept(videoHeader);
        if (audioHeader != null) sink.accept(audioHeader);
        if (withGop) {
            for (MediaPacket p : new ArrayList<>(packets)) sink.accept(p);
        }
    }

    List<MediaPacket> headers() {
        List<MediaPacket> list = new ArrayList<>(2);
        if (videoHeader != null) list.add(videoHeader);
        if (audioHeader != null) list.add(audioHeader);
        return list;
    }

    long bytes() { return bytes; }

    void clear() {
        clearPackets();
        videoHeader = replace(videoHeader, null);
        audioHeader = replace(audioHeader, null);
    }

    private void clearPackets() {
        MediaPacket p;
        while ((p = packets.pollFirst()) != null) p.release();
        count(-bytes);
    }

    private void count(long delta) {
        bytes += delta;
        nodeBytes.add(delta);
    }

    private static MediaPacket replace(MediaPacket old, MediaPacket next) {
        if (old != null) old.release();
        return next == null ? null : next.retain();
    }
}
