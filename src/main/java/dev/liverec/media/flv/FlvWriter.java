package dev.liverec.media.flv;

import dev.liverec.media.ByteSink;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.StartGate;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.codec.Mp3FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;

/**
 * Writes an FLV file. The {@code onMetaData} tag is written first with a fixed size, room included for a
 * keyframe index of up to {@link Options#maxKeyframes} entries, and rewritten in place by {@link #close} with
 * duration, file size, dimensions, codecs, frame rate and the keyframe index ({@code filepositions}/{@code times},
 * thinned to every 2nd, 4th… keyframe when a file outgrows the cap). A {@code padding} array of nulls keeps the
 * tag size constant. Timestamps start at 0 per file. Video frames are dropped until the sequence header and a
 * keyframe arrived, AAC frames until the AudioSpecificConfig, so every file starts decodable ({@link StartGate}).
 */
public final class FlvWriter implements MediaWriter {
    /** @param maxKeyframes keyframe index capacity (18 bytes reserved per entry)
     *  @param legacyHevc HEVC as FLV codec id 12 instead of Enhanced RTMP {@code hvc1} */
    public record Options(int maxKeyframes, boolean legacyHevc) {
        public static final Options DEFAULT = new Options(1800, false);
    }

    private final ByteSink sink;
    private final boolean hasVideo;
    private final boolean hasAudio;
    private final Options options;
    private final ByteBuf head = Unpooled.buffer(64); // reused: previous tag size + tag header + body prefix
    private final long[] kfPositions;
    private final long[] kfTimes;
    private int kfCount;
    private int kfStride = 1;
    private int kfSeen;
    private long metadataPosition = -1;
    private int metadataSize;
    private int prevTagSize;
    private final StartGate gate;
    private long base = Long.MIN_VALUE;
    private long lastTs;
    private long firstVideoTs = -1, lastVideoTs = -1, lastKeyTs;
    private long videoFrames, videoBytes, audioBytes;
    private Codec videoCodec, audioCodec;
    private int width, height, sampleRate, channels;
    private long lastAudioTs = -1, audioFrameMs;
    private boolean closed;

    public FlvWriter(ByteSink sink, boolean hasVideo, boolean hasAudio, Options options) {
        if (!hasVideo && !hasAudio) throw new IllegalArgumentException("no track");
        this.sink = sink;
        this.hasVideo = hasVideo;
        this.hasAudio = hasAudio;
        this.options = options;
        this.gate = new StartGate(hasVideo, hasAudio);
        this.kfPositions = new long[options.maxKeyframes()];
        this.kfTimes = new long[options.maxKeyframes()];
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        if (metadataPosition < 0) writeFileHeader();
        if (!gate.accept(p)) return;
        if (p.isSequenceHeader()) onSequenceHeader(p);
        else if (p.codec() == Codec.MP3 && audioCodec == null) {
            audioCodec = Codec.MP3;
            Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload());
            sampleRate = h.sampleRate();
            channels = h.channels();
        }
        if (base == Long.MIN_VALUE && !p.isSequenceHeader()) base = p.dts();
        long ts = p.isSequenceHeader() ? Math.max(0, lastTs) : Math.max(0, p.dts() - (base == Long.MIN_VALUE ? p.dts() : base));
        lastTs = Math.max(lastTs, ts);
        writeTag(p, ts);
    }

    private void onSequenceHeader(MediaPacket p) {
        switch (p.codec()) {
            case H264 -> {
                AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload());
                width = c.width();
                height = c.height();
            }
            case HEVC -> {
                HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload());
                width = c.width();
                height = c.height();
            }
            case AAC -> {
                AacConfig c = AacConfig.parse(p.payload());
                sampleRate = c.sampleRate();
                channels = c.channels();
            }
            default -> { }
        }
        if (p.isVideo()) {
            videoCodec = p.codec();
        } else {
            audioCodec = p.codec();
        }
    }

    private void writeTag(MediaPacket p, long ts) throws IOException {
        boolean video = p.isVideo();
        int prefix = video ? FlvTagBodies.videoHeaderLength(p, options.legacyHevc()) : FlvTagBodies.audioHeaderLength(p);
        int dataSize = prefix + p.size();
        long tagPosition = sink.position() + 4;
        head.clear();
        head.writeInt(prevTagSize);
        head.writeByte(video ? FlvTagBodies.TAG_VIDEO : FlvTagBodies.TAG_AUDIO);
        head.writeMedium(dataSize);
        head.writeMedium((int) (ts & 0xFFFFFF));
        head.writeByte((int) (ts >>> 24));
        head.writeMedium(0);
        if (video) FlvTagBodies.writeVideoHeader(p, options.legacyHevc(), head);
        else FlvTagBodies.writeAudioHeader(p, head);
        sink.write(head);
        sink.write(p.payload());
        prevTagSize = 11 + dataSize;
        if (p.isSequenceHeader()) return;
        if (video) {
            videoFrames++;
            videoBytes += dataSize;
            if (firstVideoTs < 0) firstVideoTs = ts;
            lastVideoTs = ts;
            if (p.isKeyframe()) {
                lastKeyTs = ts;
                indexKeyframe(tagPosition, ts);
            }
        } else {
            audioBytes += dataSize;
            if (lastAudioTs >= 0 && ts > lastAudioTs) audioFrameMs = ts - lastAudioTs;
            lastAudioTs = ts;
        }
    }

    private void indexKeyframe(long position, long ts) {
        if (kfPositions.length == 0) return;
        if (kfSeen++ % kfStride != 0) return;
        if (kfCount == kfPositions.length) { // full: keep every 2nd entry and index half as often from now on
            int n = 0;
            for (int i = 0; i < kfCount; i += 2, n++) {
                kfPositions[n] = kfPositions[i];
                kfTimes[n] = kfTimes[i];
            }
            kfCount = n;
            kfStride *= 2;
            if ((kfSeen - 1) % kfStride != 0) return;
        }
        kfPositions[kfCount] = position;
        kfTimes[kfCount] = ts;
        kfCount++;
    }

    private void writeFileHeader() throws IOException {
        ByteBuf b = Unpooled.buffer(13);
        b.writeBytes(new byte[]{'F', 'L', 'V', 1});
        b.writeByte((hasAudio ? 4 : 0) | (hasVideo ? 1 : 0));
        b.writeInt(9);
        sink.write(b);
        b.release();
        metadataPosition = sink.position(); // PreviousTagSize0 is the first 4 bytes of the head buffer
        ByteBuf meta = metadataTag(false);
        metadataSize = meta.readableBytes();
        sink.write(meta);
        meta.release();
        prevTagSize = metadataSize - 4; // the script tag without the leading PreviousTagSize0
    }

    /** PreviousTagSize0 + the complete onMetaData script tag, always the same size for this writer. */
    private ByteBuf metadataTag(boolean final_) {
        ByteBuf body = Unpooled.buffer(512 + 18 * kfPositions.length);
        ScriptData.writeString(body, "onMetaData");
        body.writeByte(ScriptData.ECMA_ARRAY);
        body.writeInt(0); // approximate count, allowed by the spec
        double duration = final_ ? durationMs() / 1000.0 : 0;
        num(body, "duration", duration);
        num(body, "filesize", final_ ? sink.position() : 0);
        if (hasVideo) {
            num(body, "width", width);
            num(body, "height", height);
            num(body, "framerate", final_ ? frameRate() : 0);
            num(body, "videocodecid", videoCodec == null ? 0 : FlvTagBodies.videoCodecId(videoCodec, options.legacyHevc()));
            num(body, "videodatarate", duration > 0 ? videoBytes * 8 / 1000.0 / duration : 0);
        }
        if (hasAudio) {
            num(body, "audiocodecid", audioCodec == null ? 0 : FlvTagBodies.audioCodecId(audioCodec));
            num(body, "audiosamplerate", sampleRate);
            num(body, "audiosamplesize", 16);
            bool(body, "stereo", channels == 2);
            num(body, "audiodatarate", duration > 0 ? audioBytes * 8 / 1000.0 / duration : 0);
        }
        bool(body, "hasVideo", hasVideo);
        bool(body, "hasAudio", hasAudio);
        bool(body, "hasMetadata", true);
        num(body, "lasttimestamp", lastTs / 1000.0);
        if (hasVideo) {
            bool(body, "hasKeyframes", kfCount > 0);
            num(body, "lastkeyframetimestamp", lastKeyTs / 1000.0);
            ScriptData.writeKey(body, "keyframes");
            body.writeByte(ScriptData.OBJECT);
            ScriptData.writeKey(body, "filepositions");
            body.writeByte(ScriptData.STRICT_ARRAY);
            body.writeInt(kfCount);
            for (int i = 0; i < kfCount; i++) ScriptData.writeNumber(body, kfPositions[i]);
            ScriptData.writeKey(body, "times");
            body.writeByte(ScriptData.STRICT_ARRAY);
            body.writeInt(kfCount);
            for (int i = 0; i < kfCount; i++) ScriptData.writeNumber(body, kfTimes[i] / 1000.0);
            ScriptData.writeObjectEnd(body);
        }
        // fixed size: the entries not used by the index become nulls of a padding array
        int pad = 18 * (kfPositions.length - kfCount);
        ScriptData.writeKey(body, "padding");
        body.writeByte(ScriptData.STRICT_ARRAY);
        body.writeInt(hasVideo ? pad : 0);
        if (hasVideo) body.writeBytes(nulls(pad));
        ScriptData.writeObjectEnd(body);
        int size = body.readableBytes();
        ByteBuf tag = Unpooled.buffer(4 + 11 + size);
        tag.writeInt(0);
        tag.writeByte(FlvTagBodies.TAG_SCRIPT).writeMedium(size).writeMedium(0).writeByte(0).writeMedium(0);
        tag.writeBytes(body);
        body.release();
        return tag;
    }

    private static byte[] nulls(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) ScriptData.NULL);
        return b;
    }

    private static void num(ByteBuf b, String key, double v) {
        ScriptData.writeKey(b, key);
        ScriptData.writeNumber(b, v);
    }

    private static void bool(ByteBuf b, String key, boolean v) {
        ScriptData.writeKey(b, key);
        ScriptData.writeBoolean(b, v);
    }

    private double frameRate() {
        if (videoFrames < 2 || lastVideoTs <= firstVideoTs) return 0;
        return Math.round((videoFrames - 1) * 1000.0 / (lastVideoTs - firstVideoTs) * 1000) / 1000.0;
    }

    @Override
    public long durationMs() {
        long frame = 0;
        if (hasVideo && videoFrames > 1) frame = (lastVideoTs - firstVideoTs) / (videoFrames - 1);
        else if (audioFrameMs > 0) frame = audioFrameMs;
        return base == Long.MIN_VALUE ? 0 : lastTs + frame;
    }

    /** Bytes written so far, including the final PreviousTagSize once closed. */
    public long size() {
        return sink.position();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        if (metadataPosition < 0) writeFileHeader();
        closed = true;
        ByteBuf trailer = Unpooled.buffer(4).writeInt(prevTagSize);
        sink.write(trailer);
        trailer.release();
        head.release();
        ByteBuf meta = metadataTag(true);
        if (meta.readableBytes() != metadataSize) throw new IllegalStateException("metadata size changed");
        sink.writeAt(metadataPosition, meta);
        meta.release();
    }
}
