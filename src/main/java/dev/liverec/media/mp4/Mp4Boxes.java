package dev.liverec.media.mp4;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** ISO BMFF box writing on a ByteBuf: {@code int at = begin(b, "moov"); ...; end(b, at);}. */
final class Mp4Boxes {
    static final int[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private Mp4Boxes() {}

    static int type(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }

    static String name(int type) {
        return new String(new byte[]{(byte) (type >> 24), (byte) (type >> 16), (byte) (type >> 8), (byte) type},
                StandardCharsets.ISO_8859_1);
    }

    static int begin(ByteBuf b, String type) {
        int at = b.writerIndex();
        b.writeInt(0);
        b.writeInt(type(type));
        return at;
    }

    static int beginFull(ByteBuf b, String type, int version, int flags) {
        int at = begin(b, type);
        b.writeInt((version << 24) | flags);
        return at;
    }

    static void end(ByteBuf b, int at) {
        b.setInt(at, b.writerIndex() - at);
    }

    static void matrix(ByteBuf b) {
        for (int v : UNITY_MATRIX) b.writeInt(v);
    }

    static void ftyp(ByteBuf b, String major, String... compatible) {
        int at = begin(b, "ftyp");
        b.writeInt(type(major));
        b.writeInt(0x200);
        for (String c : compatible) b.writeInt(type(c));
        end(b, at);
    }

    static void mvhd(ByteBuf b, long timescale, long duration, int nextTrackId) {
        int at = beginFull(b, "mvhd", 1, 0);
        b.writeLong(0).writeLong(0); // creation, modification
        b.writeInt((int) timescale);
        b.writeLong(duration);
        b.writeInt(0x00010000); // rate 1.0
        b.writeShort(0x0100); // volume 1.0
        b.writeZero(10);
        matrix(b);
        b.writeZero(24);
        b.writeInt(nextTrackId);
        end(b, at);
    }

    static void tkhd(ByteBuf b, int trackId, long duration, boolean audio, int width, int height) {
        int at = beginFull(b, "tkhd", 1, 3); // enabled, in movie
        b.writeLong(0).writeLong(0);
        b.writeInt(trackId);
        b.writeInt(0);
        b.writeLong(duration);
        b.writeZero(8);
        b.writeShort(0); // layer
        b.writeShort(audio ? 1 : 0); // alternate group
        b.writeShort(audio ? 0x0100 : 0);
        b.writeShort(0);
        matrix(b);
        b.writeInt(width << 16);
        b.writeInt(height << 16);
        end(b, at);
    }

    static void mdhd(ByteBuf b, long timescale, long duration) {
        int at = beginFull(b, "mdhd", 1, 0);
        b.writeLong(0).writeLong(0);
        b.writeInt((int) timescale);
        b.writeLong(duration);
        b.writeShort(0x55C4); // 'und'
        b.writeShort(0);
        end(b, at);
    }

    static void hdlr(ByteBuf b, boolean audio) {
        int at = beginFull(b, "hdlr", 0, 0);
        b.writeInt(0);
        b.writeInt(type(audio ? "soun" : "vide"));
        b.writeZero(12);
        b.writeBytes((audio ? "SoundHandler" : "VideoHandler").getBytes(StandardCharsets.US_ASCII));
        b.writeByte(0);
        end(b, at);
    }

    /** vmhd/smhd + dinf, the fixed part of minf before stbl. */
    static void mediaHeaderAndDinf(ByteBuf b, boolean audio) {
        if (audio) {
            int at = beginFull(b, "smhd", 0, 0);
            b.writeInt(0);
            end(b, at);
        } else {
            int at = beginFull(b, "vmhd", 0, 1);
            b.writeZero(8);
            end(b, at);
        }
        int dinf = begin(b, "dinf");
        int dref = beginFull(b, "dref", 0, 0);
        b.writeInt(1);
        int url = beginFull(b, "url ", 0, 1); // self-contained
        end(b, url);
        end(b, dref);
        end(b, dinf);
    }

    /** A visual sample entry ({@code avc1}/{@code hvc1}) wrapping the decoder configuration record. */
    static void visualSampleEntry(ByteBuf b, String type, String configType, ByteBuf config, int width, int height) {
        int at = begin(b, type);
        b.writeZero(6);
        b.writeShort(1); // data_reference_index
        b.writeZero(16);
        b.writeShort(width);
        b.writeShort(height);
        b.writeInt(0x00480000).writeInt(0x00480000); // 72 dpi
        b.writeInt(0);
        b.writeShort(1); // frame_count
        b.writeZero(32); // compressorname
        b.writeShort(0x0018);
        b.writeShort(0xFFFF);
        int c = begin(b, configType);
        b.writeBytes(config, config.readerIndex(), config.readableBytes());
        end(b, c);
        end(b, at);
    }

    /**
     * {@code mp4a} with an {@code esds}: objectTypeIndication 0x40 (MPEG-4 audio, with the AudioSpecificConfig)
     * or 0x6B (MPEG-1 audio, MP3; no decoder specific info).
     */
    static void mp4aSampleEntry(ByteBuf b, int channels, int sampleRate, ByteBuf asc) {
        int at = begin(b, "mp4a");
        b.writeZero(6);
        b.writeShort(1);
        b.writeZero(8);
        b.writeShort(channels);
        b.writeShort(16);
        b.writeShort(0).writeShort(0);
        b.writeInt(Math.min(sampleRate, 0xFFFF) << 16);
        int esds = beginFull(b, "esds", 0, 0);
        int ascLen = asc == null ? 0 : asc.readableBytes();
        int dsi = asc == null ? 0 : 2 + ascLen;
        int dcd = 13 + dsi;
        b.writeByte(0x03);
        b.writeByte(3 + 2 + dcd + 3); // ES_ID + flags, DecoderConfigDescriptor, SLConfigDescriptor
        b.writeShort(0).writeByte(0);
        b.writeByte(0x04);
        b.writeByte(dcd);
        b.writeByte(asc == null ? 0x6B : 0x40);
        b.writeByte(0x15); // audio stream
        b.writeMedium(0);
        b.writeInt(0).writeInt(0); // max/avg bitrate unknown
        if (asc != null) {
            b.writeByte(0x05);
            b.writeByte(ascLen);
            b.writeBytes(asc, asc.readerIndex(), ascLen);
        }
        b.writeByte(0x06).writeByte(1).writeByte(0x02);
        end(b, esds);
        end(b, at);
    }
}
