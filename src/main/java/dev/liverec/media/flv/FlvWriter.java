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
 * thinned to every 2nd, 4th… keyframe when a file outgrows the cap); see {@link FlvIndex}. After a crash,
 * {@link FlvRepair} patches the same layout. Timestamps start at 0 per file. Packets pass {@link StartGate}
 * first, so every file starts decodable: sequence headers, then a keyframe.
 *
 * <p>Per packet the writer makes two sink writes: a reused buffer holding the previous tag's PreviousTagSize,
 * the tag header and the tag-body prefix, then the payload itself (not copied). The final PreviousTagSize is
 * written by {@link #close}.
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
    private final StartGate gate;
    private final FlvIndex index;
    private final ByteBuf head = Unpooled.buffer(64); // reused: previous tag size + tag header + body prefix
    private long metadataPosition = -1;
    private int metadataSize;
    private int prevTagSize;
    private long base = Long.MIN_VALUE;
    private long lastTs;
    private boolean audioKnown;
    private boolean closed;

    public FlvWriter(ByteSink sink, boolean hasVideo, boolean hasAudio, Options options) {
        if (!hasVideo && !hasAudio) throw new IllegalArgumentException("no track");
        this.sink = sink;
        this.hasVideo = hasVideo;
        this.hasAudio = hasAudio;
        this.options = options;
        this.gate = new StartGate(hasVideo, hasAudio);
        this.index = new FlvIndex(hasVideo, hasAudio, options.maxKeyframes());
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        write(p, p.dts(), p.pts());
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        if (metadataPosition < 0) writeFileHeader();
        if (!gate.accept(p, pts)) return;
        if (p.isSequenceHeader()) {
            onSequenceHeader(p);
        } else if (p.codec() == Codec.MP3 && !audioKnown) {
            Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload());
            index.audioConfig(FlvTagBodies.SOUND_MP3, h.sampleRate(), h.channels());
            audioKnown = true;
        }
        if (base == Long.MIN_VALUE && !p.isSequenceHeader()) base = dts;
        long ts = p.isSequenceHeader() ? lastTs : Math.max(0, dts - base);
        lastTs = Math.max(lastTs, ts);
        writeTag(p, ts, (int) (pts - dts));
    }

    private void onSequenceHeader(MediaPacket p) {
        switch (p.codec()) {
            case H264 -> {
                AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload());
                index.videoConfig(FlvTagBodies.CODEC_AVC, c.width(), c.height());
            }
            case HEVC -> {
                HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload());
                index.videoConfig(FlvTagBodies.videoCodecId(Codec.HEVC, options.legacyHevc()), c.width(), c.height());
            }
            case AAC -> {
                AacConfig c = AacConfig.parse(p.payload());
                index.audioConfig(FlvTagBodies.SOUND_AAC, c.sampleRate(), c.channels());
                audioKnown = true;
            }
            case AV1 -> index.videoConfig(FlvTagBodies.FOURCC_AV01, 0, 0);
            default -> { }
        }
    }

    private void writeTag(MediaPacket p, long ts, int cts) throws IOException {
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
        if (video) FlvTagBodies.writeVideoHeader(p, cts, options.legacyHevc(), head);
        else FlvTagBodies.writeAudioHeader(p, head);
        sink.write(head);
        sink.writeShared(p.payload());
        prevTagSize = 11 + dataSize;
        if (p.isSequenceHeader()) return;
        if (video) index.video(ts, tagPosition, dataSize, p.isKeyframe());
        else index.audio(ts, dataSize);
    }

    private void writeFileHeader() throws IOException {
        ByteBuf b = Unpooled.buffer(9);
        b.writeBytes(new byte[]{'F', 'L', 'V', 1});
        b.writeByte((hasAudio ? 4 : 0) | (hasVideo ? 1 : 0));
        b.writeInt(9);
        try {
            sink.write(b);
        } finally {
            b.release();
        }
        metadataPosition = sink.position(); // PreviousTagSize0 comes first in the rendered metadata
        ByteBuf meta = index.render(false, 0);
        metadataSize = meta.readableBytes();
        try {
            sink.write(meta);
        } finally {
            meta.release();
        }
        prevTagSize = metadataSize - 4;
    }

    @Override
    public long durationMs() {
        return index.durationMs();
    }

    /** Bytes written so far, including the final PreviousTagSize once closed. */
    public long size() {
        return sink.position();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            if (metadataPosition < 0) writeFileHeader();
            closed = true;
            ByteBuf trailer = Unpooled.buffer(4).writeInt(prevTagSize);
            try {
                sink.write(trailer);
            } finally {
                trailer.release();
            }
            ByteBuf meta = index.render(true, sink.position());
            try {
                if (meta.readableBytes() != metadataSize) throw new IllegalStateException("metadata size changed");
                sink.writeAt(metadataPosition, meta);
            } finally {
                meta.release();
            }
        } finally {
            closed = true;
            head.release();
        }
    }
}
