package dev.liverec.media;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One audio or video access unit as it came off the wire, shared (not copied) by every reader.
 *
 * <p>Payload layout, without any FLV tag or RTMP header:
 * <ul>
 *   <li>H.264 / HEVC: sequence header = AVCDecoderConfigurationRecord / HEVCDecoderConfigurationRecord;
 *       otherwise NAL units each prefixed by a 4-byte big-endian length (AVCC style).</li>
 *   <li>AV1: sequence header = AV1CodecConfigurationRecord; otherwise OBUs (low-overhead format).</li>
 *   <li>AAC: sequence header = AudioSpecificConfig; otherwise one raw AAC frame (no ADTS header).</li>
 *   <li>MP3: one MPEG audio frame with its header.</li>
 * </ul>
 * Timestamps are milliseconds on the publisher's clock (RTMP resolution), dts already unwrapped to 64 bits.
 * Reference counting follows Netty: the creator holds one reference; a reader that keeps the packet after
 * the callback returns must {@link #retain()} it and {@link #release()} it later.
 */
public final class MediaPacket extends AbstractReferenceCounted {
    private final Codec codec;
    private final long dts;
    private final long pts;
    private final boolean keyframe;
    private final boolean sequenceHeader;
    private final ByteBuf payload;

    public MediaPacket(Codec codec, long dts, long pts, boolean keyframe, boolean sequenceHeader, ByteBuf payload) {
        this.codec = codec;
        this.dts = dts;
        this.pts = pts;
        this.keyframe = keyframe;
        this.sequenceHeader = sequenceHeader;
        this.payload = payload;
    }

    public Codec codec() { return codec; }
    public TrackType track() { return codec.track(); }
    public boolean isVideo() { return codec.track() == TrackType.VIDEO; }
    public boolean isAudio() { return codec.track() == TrackType.AUDIO; }
    public long dts() { return dts; }
    public long pts() { return pts; }
    /** pts - dts, the composition time offset in ms. */
    public int compositionTime() { return (int) (pts - dts); }
    public boolean isKeyframe() { return keyframe; }
    public boolean isSequenceHeader() { return sequenceHeader; }
    /** The payload; readers must not change its reader/writer indexes (use {@code duplicate()} or absolute gets). */
    public ByteBuf payload() { return payload; }
    public int size() { return payload.readableBytes(); }

    @Override
    public MediaPacket retain() {
        super.retain();
        return this;
    }

    @Override
    public MediaPacket touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        payload.release();
    }

    @Override
    public String toString() {
        return codec + (sequenceHeader ? " seqhdr" : "") + (keyframe ? " key" : "")
                + " dts=" + dts + " pts=" + pts + " size=" + payload.readableBytes();
    }

    /** Convenience for tests and writers: release without caring about the result. */
    public static void safeRelease(ReferenceCounted rc) {
        if (rc != null && rc.refCnt() > 0) rc.release();
    }
}
