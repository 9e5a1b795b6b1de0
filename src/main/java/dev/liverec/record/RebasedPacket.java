package dev.liverec.record;

import dev.liverec.media.MediaPacket;

/** The same payload (shared, not copied) under the file's rebased timestamps. */
final class RebasedPacket {
    private RebasedPacket() {}

    /** A new packet holding its own reference to {@code p}'s payload: release it after use. */
    static MediaPacket of(MediaPacket p, long dts, long pts) {
        return new MediaPacket(p.codec(), dts, pts, p.isKeyframe(), p.isSequenceHeader(), p.payload().retainedDuplicate());
    }

    /** A sequence header at time 0. */
    static MediaPacket header(MediaPacket h) {
        return of(h, 0, 0);
    }
}
