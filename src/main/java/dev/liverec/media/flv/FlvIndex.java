package dev.liverec.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Arrays;

/**
 * What an FLV file's {@code onMetaData} says about it, accumulated tag by tag, and that metadata rendered as a
 * script tag of a size fixed by the track set and the keyframe-index capacity (unused index entries become
 * nulls of a {@code padding} array). Shared by {@link FlvWriter} (patch at close) and {@link FlvRepair}
 * (patch after a crash), so both produce byte-compatible layouts.
 */
public final class FlvIndex {
    private static final byte[] NULLS = new byte[18 * 64];

    static {
        Arrays.fill(NULLS, (byte) ScriptData.NULL);
    }

    private final boolean hasVideo;
    private final boolean hasAudio;
    private final int capacity;
    private long[] kfPositions; // grown as keyframes come, up to capacity: a writer's index is allocated as it fills
    private long[] kfTimes;
    private int kfCount;
    private int kfStride = 1;
    private int kfSeen;
    private long lastTs;
    private long firstVideoTs = -1, lastVideoTs = -1, lastKeyTs;
    private long videoFrames, videoBytes, audioBytes;
    private long lastAudioTs = -1, audioFrameMs;
    private boolean anyFrame;
    private int videoCodecId, audioCodecId, width, height, sampleRate, channels;
    /** Set by {@link FlvRepair} when the file's reserved metadata has exactly this layout. */
    boolean ownLayout;

    public FlvIndex(boolean hasVideo, boolean hasAudio, int keyframeCapacity) {
        this.hasVideo = hasVideo;
        this.hasAudio = hasAudio;
        this.capacity = Math.max(0, keyframeCapacity);
        this.kfPositions = new long[Math.min(capacity, 16)];
        this.kfTimes = new long[kfPositions.length];
    }

    public void videoConfig(int codecId, int width, int height) {
        this.videoCodecId = codecId;
        this.width = width;
        this.height = height;
    }

    public void audioConfig(int codecId, int sampleRate, int channels) {
        this.audioCodecId = codecId;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** A video frame tag (not a sequence header) at file position {@code position}. */
    public void video(long ts, long position, int dataSize, boolean keyframe) {
        anyFrame = true;
        lastTs = Math.max(lastTs, ts);
        videoFrames++;
        videoBytes += dataSize;
        if (firstVideoTs < 0) firstVideoTs = ts;
        lastVideoTs = ts;
        if (keyframe) {
            lastKeyTs = ts;
            indexKeyframe(position, ts);
        }
    }

    public void audio(long ts, int dataSize) {
        anyFrame = true;
        lastTs = Math.max(lastTs, ts);
        audioBytes += dataSize;
        if (lastAudioTs >= 0 && ts > lastAudioTs) audioFrameMs = ts - lastAudioTs;
        lastAudioTs = ts;
    }

    private void indexKeyframe(long position, long ts) {
        if (capacity == 0) return;
        if (kfSeen++ % kfStride != 0) return;
        if (kfCount == capacity) { // full: keep every 2nd entry and index half as often from now on
            int n = 0;
            for (int i = 0; i < kfCount; i += 2, n++) {
                kfPositions[n] = kfPositions[i];
                kfTimes[n] = kfTimes[i];
            }
            kfCount = n;
            kfStride *= 2;
            if ((kfSeen - 1) % kfStride != 0) return;
        }
        if (kfCount == kfPositions.length) {
            int grown = (int) Math.min(capacity, kfCount * 2L);
            kfPositions = Arrays.copyOf(kfPositions, grown);
            kfTimes = Arrays.copyOf(kfTimes, grown);
        }
        kfPositions[kfCount] = position;
        kfTimes[kfCount] = ts;
        kfCount++;
    }

    public long durationMs() {
        if (!anyFrame) return 0;
        long frame = 0;
        if (hasVideo && videoFrames > 1) frame = (lastVideoTs - firstVideoTs) / (videoFrames - 1);
        else if (audioFrameMs > 0) frame = audioFrameMs;
        return lastTs + frame;
    }

    public double frameRate() {
        if (videoFrames < 2 || lastVideoTs <= firstVideoTs) return 0;
        return Math.round((videoFrames - 1) * 1000.0 / (lastVideoTs - firstVideoTs) * 1000) / 1000.0;
    }

    public int keyframeCount() { return kfCount; }
    public long lastTimestamp() { return lastTs; }

    /**
     * PreviousTagSize0 (4 bytes of 0) followed by the onMetaData script tag, always {@link #tagSize} bytes.
     * @param fileSize the value of {@code filesize}, 0 while unknown
     */
    public ByteBuf render(boolean complete, long fileSize) {
        ByteBuf body = Unpooled.buffer(512 + 18 * capacity);
        ScriptData.writeString(body, "onMetaData");
        body.writeByte(ScriptData.ECMA_ARRAY);
        body.writeInt(0); // approximate count, allowed by the spec
        double duration = complete ? durationMs() / 1000.0 : 0;
        num(body, "duration", duration);
        num(body, "filesize", fileSize);
        if (hasVideo) {
            num(body, "width", width);
            num(body, "height", height);
            num(body, "framerate", complete ? frameRate() : 0);
            num(body, "videocodecid", videoCodecId);
            num(body, "videodatarate", duration > 0 ? videoBytes * 8 / 1000.0 / duration : 0);
        }
        if (hasAudio) {
            num(body, "audiocodecid", audioCodecId);
            num(body, "audiosamplerate", sampleRate);
            num(body, "audiosamplesize", 16);
            bool(body, "stereo", channels == 2);
            num(body, "audiodatarate", duration > 0 ? audioBytes * 8 / 1000.0 / duration : 0);
        }
        bool(body, "hasVideo", hasVideo);
        bool(body, "hasAudio", hasAudio);
        bool(body, "hasMetadata", true);
        num(body, "lasttimestamp", lastTs / 1000.0);
        int count = hasVideo ? kfCount : 0;
        if (hasVideo) {
            bool(body, "hasKeyframes", kfCount > 0);
            num(body, "lastkeyframetimestamp", lastKeyTs / 1000.0);
            ScriptData.writeKey(body, "keyframes");
            body.writeByte(ScriptData.OBJECT);
            ScriptData.writeKey(body, "filepositions");
            body.writeByte(ScriptData.STRICT_ARRAY);
            body.writeInt(count);
            for (int i = 0; i < count; i++) ScriptData.writeNumber(body, kfPositions[i]);
            ScriptData.writeKey(body, "times");
            body.writeByte(ScriptData.STRICT_ARRAY);
            body.writeInt(count);
            for (int i = 0; i < count; i++) ScriptData.writeNumber(body, kfTimes[i] / 1000.0);
            ScriptData.writeObjectEnd(body);
        }
        // fixed size: the index entries not used become nulls of a padding array
        int pad = hasVideo ? 18 * (capacity - count) : 0;
        ScriptData.writeKey(body, "padding");
        body.writeByte(ScriptData.STRICT_ARRAY);
        body.writeInt(pad);
        for (int left = pad; left > 0; left -= NULLS.length) body.writeBytes(NULLS, 0, Math.min(left, NULLS.length));
        ScriptData.writeObjectEnd(body);
        int size = body.readableBytes();
        ByteBuf tag = Unpooled.buffer(4 + 11 + size);
        tag.writeInt(0);
        tag.writeByte(FlvTagBodies.TAG_SCRIPT).writeMedium(size).writeMedium(0).writeByte(0).writeMedium(0);
        tag.writeBytes(body);
        body.release();
        return tag;
    }

    /** Size of {@link #render}'s output for this track set and capacity. */
    public int tagSize() {
        ByteBuf probe = new FlvIndex(hasVideo, hasAudio, capacity).render(false, 0);
        int n = probe.readableBytes();
        probe.release();
        return n;
    }

    private static void num(ByteBuf b, String key, double v) {
        ScriptData.writeKey(b, key);
        ScriptData.writeNumber(b, v);
    }

    private static void bool(ByteBuf b, String key, boolean v) {
        ScriptData.writeKey(b, key);
        ScriptData.writeBoolean(b, v);
    }
}
