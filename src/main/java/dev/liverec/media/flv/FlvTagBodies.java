package dev.liverec.media.flv;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.Mp3FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * FLV audio/video tag bodies ↔ {@link MediaPacket}. RTMP audio (8) and video (9) messages carry exactly these
 * bodies, so RTMP ingest and the FLV reader/writer share this code.
 *
 * <p>Video: legacy {@code frameType|codecId} headers for H.264 (7) and HEVC (12, the Chinese-CDN extension), and
 * the Enhanced RTMP {@code ExVideoTagHeader} with FourCC {@code avc1}, {@code hvc1}, {@code av01}.
 * Audio: AAC (10) and MP3 (2, 14).
 */
public final class FlvTagBodies {
    public static final int TAG_AUDIO = 8, TAG_VIDEO = 9, TAG_SCRIPT = 18;
    public static final int CODEC_AVC = 7, CODEC_HEVC_LEGACY = 12;
    public static final int SOUND_MP3 = 2, SOUND_AAC = 10, SOUND_MP3_8K = 14;
    public static final int FOURCC_AVC1 = fourCc("avc1"), FOURCC_HVC1 = fourCc("hvc1"), FOURCC_AV01 = fourCc("av01");
    static final int EX_SEQUENCE_START = 0, EX_CODED_FRAMES = 1, EX_SEQUENCE_END = 2, EX_CODED_FRAMES_X = 3;
    private static final int FRAME_KEY = 1, FRAME_COMMAND = 5;

    private FlvTagBodies() {}

    public static int fourCc(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }

    /**
     * Parses a video tag body. The returned packet's payload is a retained slice of {@code body} (no copy); the
     * caller keeps its own reference to {@code body}. Returns null for bodies that carry no frame (end of
     * sequence, command frames, metadata packets, codecs liverec does not record).
     */
    public static MediaPacket video(ByteBuf body, long timestamp) {
        int i = body.readerIndex();
        int end = body.writerIndex();
        if (end - i < 1) throw new MediaFormatException("empty video tag");
        int b0 = body.getUnsignedByte(i);
        if ((b0 & 0x80) != 0) return enhancedVideo(body, timestamp, b0);
        int frameType = (b0 >> 4) & 0x0F;
        int codecId = b0 & 0x0F;
        if (frameType == FRAME_COMMAND) return null;
        Codec codec;
        if (codecId == CODEC_AVC) codec = Codec.H264;
        else if (codecId == CODEC_HEVC_LEGACY) codec = Codec.HEVC;
        else return null;
        if (end - i < 5) throw new MediaFormatException("short AVC video tag");
        int packetType = body.getUnsignedByte(i + 1);
        int cts = signed24(body.getUnsignedMedium(i + 2));
        if (packetType == 2) return null;
        if (packetType > 2) throw new MediaFormatException("bad AVC packet type " + packetType);
        boolean seq = packetType == 0;
        return packet(codec, body, i + 5, end, timestamp, cts, frameType == FRAME_KEY || seq, seq);
    }

    private static MediaPacket enhancedVideo(ByteBuf body, long timestamp, int b0) {
        int i = body.readerIndex();
        int end = body.writerIndex();
        int frameType = (b0 >> 4) & 0x07;
        int packetType = b0 & 0x0F;
        if (end - i < 5) throw new MediaFormatException("short enhanced video tag");
        int fourCc = body.getInt(i + 1);
        if (frameType == FRAME_COMMAND && packetType != EX_SEQUENCE_START) return null;
        Codec codec;
        if (fourCc == FOURCC_HVC1) codec = Codec.HEVC;
        else if (fourCc == FOURCC_AVC1) codec = Codec.H264;
        else if (fourCc == FOURCC_AV01) codec = Codec.AV1;
        else return null;
        int start = i + 5;
        int cts = 0;
        switch (packetType) {
            case EX_SEQUENCE_START:
                return packet(codec, body, start, end, timestamp, 0, true, true);
            case EX_CODED_FRAMES:
                if (codec != Codec.AV1) {
                    if (end - start < 3) throw new MediaFormatException("short enhanced video tag");
                    cts = signed24(body.getUnsignedMedium(start));
                    start += 3;
                }
                break;
            case EX_CODED_FRAMES_X:
                break;
            default:
                return null; // sequence end, metadata, MPEG-2 TS sequence start, multitrack (not recorded)
        }
        return packet(codec, body, start, end, timestamp, cts, frameType == FRAME_KEY, false);
    }

    /** Parses an audio tag body; see {@link #video} for ownership. Returns null for unsupported formats. */
    public static MediaPacket audio(ByteBuf body, long timestamp) {
        int i = body.readerIndex();
        int end = body.writerIndex();
        if (end - i < 1) throw new MediaFormatException("empty audio tag");
        int format = body.getUnsignedByte(i) >> 4;
        if (format == SOUND_AAC) {
            if (end - i < 2) throw new MediaFormatException("short AAC audio tag");
            int packetType = body.getUnsignedByte(i + 1);
            if (packetType > 1) throw new MediaFormatException("bad AAC packet type " + packetType);
            boolean seq = packetType == 0;
            return packet(Codec.AAC, body, i + 2, end, timestamp, 0, true, seq);
        }
        if (format == SOUND_MP3 || format == SOUND_MP3_8K) {
            return packet(Codec.MP3, body, i + 1, end, timestamp, 0, true, false);
        }
        return null;
    }

    private static MediaPacket packet(Codec codec, ByteBuf body, int start, int end, long ts, int cts,
                                      boolean key, boolean seq) {
        // a sequence header is kept for the whole publish: a copy of its own, so it does not pin the block of
        // payloads it arrived in (rtmp.chunk.PayloadBlocks)
        ByteBuf payload = seq ? Unpooled.copiedBuffer(body.slice(start, end - start)) : body.retainedSlice(start, end - start);
        return new MediaPacket(codec, ts, ts + cts, key, seq, payload);
    }

    private static int signed24(int v) {
        return (v << 8) >> 8;
    }

    /** Length of the tag-body prefix {@link #writeVideoHeader} writes for this packet. */
    public static int videoHeaderLength(MediaPacket p, boolean legacyHevc) {
        if (p.codec() == Codec.H264 || (p.codec() == Codec.HEVC && legacyHevc)) return 5;
        if (p.isSequenceHeader() || p.codec() == Codec.AV1) return 5;
        return 8;
    }

    /**
     * Writes the bytes that precede the payload in a video tag body: the legacy header for H.264 (and HEVC when
     * {@code legacyHevc}, codec id 12), the Enhanced RTMP header for HEVC ({@code hvc1}) and AV1 ({@code av01}).
     */
    public static void writeVideoHeader(MediaPacket p, boolean legacyHevc, ByteBuf out) {
        writeVideoHeader(p, p.compositionTime(), legacyHevc, out);
    }

    /** {@link #writeVideoHeader(MediaPacket, boolean, ByteBuf)} with the composition time given. */
    public static void writeVideoHeader(MediaPacket p, int cts, boolean legacyHevc, ByteBuf out) {
        int frameType = p.isKeyframe() || p.isSequenceHeader() ? 1 : 2;
        Codec c = p.codec();
        if (c == Codec.H264 || (c == Codec.HEVC && legacyHevc)) {
            out.writeByte((frameType << 4) | (c == Codec.H264 ? CODEC_AVC : CODEC_HEVC_LEGACY));
            out.writeByte(p.isSequenceHeader() ? 0 : 1);
            out.writeMedium(p.isSequenceHeader() ? 0 : cts);
            return;
        }
        int fourCc = c == Codec.HEVC ? FOURCC_HVC1 : c == Codec.AV1 ? FOURCC_AV01 : 0;
        if (fourCc == 0) throw new IllegalArgumentException("not a video codec: " + c);
        if (p.isSequenceHeader()) {
            out.writeByte(0x80 | (frameType << 4) | EX_SEQUENCE_START);
            out.writeInt(fourCc);
        } else if (c == Codec.AV1) {
            out.writeByte(0x80 | (frameType << 4) | EX_CODED_FRAMES);
            out.writeInt(fourCc);
        } else {
            out.writeByte(0x80 | (frameType << 4) | EX_CODED_FRAMES);
            out.writeInt(fourCc);
            out.writeMedium(cts);
        }
    }

    /** Length of the audio tag-body prefix. */
    public static int audioHeaderLength(MediaPacket p) {
        return p.codec() == Codec.AAC ? 2 : 1;
    }

    /** Writes the bytes that precede the payload in an audio tag body. */
    public static void writeAudioHeader(MediaPacket p, ByteBuf out) {
        if (p.codec() == Codec.AAC) {
            out.writeByte(0xAF); // AAC, 44 kHz, 16 bit, stereo: fixed by the FLV spec for AAC
            out.writeByte(p.isSequenceHeader() ? 0 : 1);
        } else if (p.codec() == Codec.MP3) {
            Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload());
            int rate = h.sampleRate() >= 44100 ? 3 : h.sampleRate() >= 22050 ? 2 : h.sampleRate() >= 11025 ? 1 : 0;
            int format = h.sampleRate() == 8000 ? SOUND_MP3_8K : SOUND_MP3;
            out.writeByte((format << 4) | (rate << 2) | 2 | (h.channels() == 2 ? 1 : 0));
        } else {
            throw new IllegalArgumentException("not an audio codec: " + p.codec());
        }
    }

    /** FLV codec id written into onMetaData's videocodecid. */
    public static int videoCodecId(Codec c, boolean legacyHevc) {
        if (c == Codec.H264) return CODEC_AVC;
        if (c == Codec.HEVC) return legacyHevc ? CODEC_HEVC_LEGACY : FOURCC_HVC1;
        return FOURCC_AV01;
    }

    public static int audioCodecId(Codec c) {
        return c == Codec.AAC ? SOUND_AAC : SOUND_MP3;
    }
}
