package dev.liverec.clip;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which packets of a wall-clock range go into a clip, and at what time. Packets arrive in file order dated in
 * wall-clock ms; the cut holds the group of pictures begun by the last keyframe before {@code startMs}, so the clip
 * starts on that keyframe (or on the first keyframe after the start when none precedes it), and ends before the
 * first packet at or after {@code endMs}. Output times are wall-clock ms minus the clip's first packet, so a gap
 * between two recordings stays a gap. Sequence headers are passed on unless one of the same meaning was (files of
 * different formats encode one configuration differently); the writer keeps the first of each track.
 */
final class KeyframeCut implements AutoCloseable {
    private final MediaWriter out;
    private final long startMs;
    private final long endMs;
    private final boolean hasVideo;
    private final List<Timed> held = new ArrayList<>();
    private final List<MediaPacket> headers = new ArrayList<>();
    private long base = Long.MIN_VALUE;
    private boolean done;
    private long lastMs = Long.MIN_VALUE;

    private record Timed(MediaPacket p, long wallMs) {}

    KeyframeCut(MediaWriter out, long startMs, long endMs, boolean hasVideo) {
        this.out = out;
        this.startMs = startMs;
        this.endMs = endMs;
        this.hasVideo = hasVideo;
    }

    /** Whether the end was reached: later packets are ignored. */
    boolean done() { return done; }

    /** Whether any media packet was written. */
    boolean started() { return base != Long.MIN_VALUE; }

    /** Wall-clock ms of the first and the last packet written. */
    long firstMs() { return base; }
    long lastMs() { return lastMs; }

    /** Offers one packet; the caller keeps its own reference (the cut retains what it holds). */
    void accept(MediaPacket p, long wallMs) throws IOException {
        if (done) return;
        if (p.isSequenceHeader()) {
            if (headers.stream().anyMatch(h -> h.codec() == p.codec() && SameDecoderConfig.of(h, p))) return;
            if (started()) out.write(p, 0, 0);
            headers.add(p.retain());
            return;
        }
        if (wallMs >= endMs) {
            done = true;
            return;
        }
        if (started()) {
            write(p, wallMs);
            return;
        }
        boolean key = !hasVideo || p.isVideo() && p.isKeyframe();
        if (key && (wallMs <= startMs || held.isEmpty())) releaseHeld();
        if (key || !held.isEmpty()) held.add(new Timed(p.retain(), wallMs));
        if (wallMs >= startMs && !held.isEmpty()) begin();
    }

    private void begin() throws IOException {
        base = held.get(0).wallMs();
        for (MediaPacket h : headers) out.write(h, 0, 0);
        for (Timed t : held) write(t.p(), t.wallMs());
        releaseHeld();
    }

    private void write(MediaPacket p, long wallMs) throws IOException {
        if (wallMs < base) return; // audio dated before the opening keyframe
        long dts = wallMs - base;
        out.write(p, dts, dts + p.compositionTime());
        lastMs = Math.max(lastMs, wallMs);
    }

    private void releaseHeld() {
        for (Timed t : held) t.p().release();
        held.clear();
    }

    @Override
    public void close() {
        releaseHeld();
        for (MediaPacket h : headers) h.release();
        headers.clear();
    }
}
