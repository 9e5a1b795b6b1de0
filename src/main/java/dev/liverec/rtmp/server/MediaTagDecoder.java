package dev.liverec.rtmp.server;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Set;

/**
 * FLV audio/video tag bodies (as RTMP carries them) to {@link MediaPacket}s whose payload is a slice of the
 * message, not a copy. Video: legacy AVC (codec id 7) and HEVC (codec id 12, the Chinese CDN convention, same
 * layout as AVC), and Enhanced RTMP ({@code IsExHeader} bit, FourCC {@code avc1}/{@code hvc1}/{@code av01};
 * packet types SequenceStart, CodedFrames with a composition time except for AV1, CodedFramesX without).
 * Audio: AAC and MP3. Sequence-end, metadata and command frames and unsupported codecs yield null (dropped).
 * One instance per publish: it unwraps each track's 32-bit timestamps.
 */
final class MediaTagDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTagDecoder.class);
    static final int FOURCC_AVC1 = fourCc("avc1");
    static final int FOURCC_HVC1 = fourCc("hvc1");
    static final int FOURCC_AV01 = fourCc("av01");

    // Enhanced RTMP VideoPacketType
    static final int PACKET_SEQUENCE_START = 0;
    static final int PACKET_CODED_FRAMES = 1;
    static final int PACKET_SEQUENCE_END = 2;
    static final int PACKET_CODED_FRAMES_X = 3;

    private final TimestampUnwrapper audioClock = new TimestampUnwrapper();
    private final TimestampUnwrapper videoClock = new TimestampUnwrapper();
    private final Set<Codec> seen = EnumSet.noneOf(Codec.class);
    private final String streamName;
    private boolean warnedUnsupported;

    MediaTagDecoder(String streamName) {
        this.streamName = streamName;
    }

    /** The packet for this message, or null when it carries nothing to record. The message keeps its reference. */
    MediaPacket decode(MediaMessage m) {
        ByteBuf p = m.content();
        if (!p.isReadable()) return null;
        return m.isVideo() ? video(p, m.timestamp()) : audio(p, m.timestamp());
    }

    private MediaPacket video(ByteBuf p, long ts) {
        int r = p.readerIndex();
        int len = p.readableBytes();
        int b0 = p.getUnsignedByte(r);
        if ((b0 & 0x80) != 0) {
            int frameType = (b0 >> 4) & 0x07;
            int packetType = b0 & 0x0F;
            if (len < 5 || frameType == 5) return null;
            int fourCc = p.getInt(r + 1);
            Codec codec = fourCc == FOURCC_HVC1 ? Codec.HEVC : fourCc == FOURCC_AV01 ? Codec.AV1
                    : fourCc == FOURCC_AVC1 ? Codec.H264 : null;
            if (codec == null) return unsupported("video FourCC 0x" + Integer.toHexString(fourCc));
            boolean key = frameType == 1;
            switch (packetType) {
                case PACKET_SEQUENCE_START:
                    return packet(codec, videoClock.unwrap(ts), 0, key, true, p, r + 5);
                case PACKET_CODED_FRAMES:
                    if (codec == Codec.AV1) return packet(codec, videoClock.unwrap(ts), 0, key, false, p, r + 5);
                    if (len < 8) return null;
                    return packet(codec, videoClock.unwrap(ts), p.getMedium(r + 5), key, false, p, r + 8);
                case PACKET_CODED_FRAMES_X:
                    return packet(codec, videoClock.unwrap(ts), 0, key, false, p, r + 5);
                default:
                    return null; // SequenceEnd, Metadata, MPEG2TSSequenceStart, multitrack: nothing to record
            }
        }
        int frameType = b0 >> 4;
        int codecId = b0 & 0x0F;
        if (frameType == 5) return null; // video info / command frame
        Codec codec = codecId == 7 ? Codec.H264 : codecId == 12 ? Codec.HEVC : null;
        if (codec == null) return unsupported("video codec id " + codecId);
        if (len < 5) return null;
        int packetType = p.getUnsignedByte(r + 1);
        if (packetType > 1) return null; // end of sequence
        return packet(codec, videoClock.unwrap(ts), p.getMedium(r + 2), frameType == 1, packetType == 0, p, r + 5);
    }

    private MediaPacket audio(ByteBuf p, long ts) {
        int r = p.readerIndex();
        int format = p.getUnsignedByte(r) >> 4;
        if (format == 10) {
            if (p.readableBytes() < 2) return null;
            boolean header = p.getUnsignedByte(r + 1) == 0;
            return packet(Codec.AAC, audioClock.unwrap(ts), 0, true, header, p, r + 2);
        }
        if (format == 2 || format == 14) {
            return packet(Codec.MP3, audioClock.unwrap(ts), 0, true, false, p, r + 1);
        }
        return unsupported("audio format " + format);
    }

    private MediaPacket packet(Codec codec, long dts, int compositionTime, boolean key, boolean header, ByteBuf p, int from) {
        int size = p.writerIndex() - from;
        if (size <= 0) return null;
        if (seen.add(codec)) LOG.info("stream {}: {} track", streamName, codec.shortName());
        return new MediaPacket(codec, dts, dts + compositionTime, key, header, p.retainedSlice(from, size));
    }

    private MediaPacket unsupported(String what) {
        if (!warnedUnsupported) {
            warnedUnsupported = true;
            LOG.warn("stream {}: dropping unsupported {}", streamName, what);
        }
        return null;
    }

    static int fourCc(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
