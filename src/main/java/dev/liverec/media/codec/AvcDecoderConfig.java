package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3): the H.264 sequence header of FLV/RTMP and the
 * body of an MP4 {@code avcC} box.
 */
public record AvcDecoderConfig(int profileIdc, int profileCompatibility, int levelIdc, int nalLengthSize,
                               List<byte[]> sps, List<byte[]> pps, H264Sps firstSps) {

    /** Parses the record from the readable bytes of {@code buf} (indexes untouched). */
    public static AvcDecoderConfig parse(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        if (end - i < 7) throw new MediaFormatException("avcC too short");
        if (buf.getUnsignedByte(i) != 1) throw new MediaFormatException("avcC version " + buf.getUnsignedByte(i));
        int profile = buf.getUnsignedByte(i + 1);
        int compat = buf.getUnsignedByte(i + 2);
        int level = buf.getUnsignedByte(i + 3);
        int lengthSize = (buf.getUnsignedByte(i + 4) & 3) + 1;
        if (lengthSize == 3) throw new MediaFormatException("avcC NAL length size 3");
        int numSps = buf.getUnsignedByte(i + 5) & 0x1F;
        i += 6;
        List<byte[]> sps = new ArrayList<>(numSps);
        for (int k = 0; k < numSps; k++) i = readNal(buf, i, end, sps);
        if (i >= end) throw new MediaFormatException("avcC truncated before PPS count");
        int numPps = buf.getUnsignedByte(i++);
        List<byte[]> pps = new ArrayList<>(numPps);
        for (int k = 0; k < numPps; k++) i = readNal(buf, i, end, pps);
        if (sps.isEmpty()) throw new MediaFormatException("avcC without SPS");
        H264Sps parsed = H264Sps.parse(sps.get(0));
        return new AvcDecoderConfig(profile, compat, level, lengthSize, List.copyOf(sps), List.copyOf(pps), parsed);
    }

    private static int readNal(ByteBuf buf, int i, int end, List<byte[]> out) {
        if (i + 2 > end) throw new MediaFormatException("avcC truncated");
        int len = buf.getUnsignedShort(i);
        i += 2;
        if (len == 0 || i + len > end) throw new MediaFormatException("avcC NAL length out of range");
        byte[] nal = new byte[len];
        buf.getBytes(i, nal);
        out.add(nal);
        return i + len;
    }

    public int width() { return firstSps.width(); }
    public int height() { return firstSps.height(); }
    public String codecString() { return firstSps.codecString(); }

    /**
     * Builds the record from one SPS and one PPS (as read from an Annex B stream), as ffmpeg writes it: with the
     * High-profile extension (chroma format, 8-bit depths) for profiles that have it.
     */
    public static byte[] record(byte[] sps, byte[] pps) {
        if (sps.length < 4) throw new MediaFormatException("SPS too short");
        int profile = sps[1] & 0xFF;
        boolean high = profile == 100 || profile == 110 || profile == 122 || profile == 144;
        ByteBuf b = io.netty.buffer.Unpooled.buffer(11 + sps.length + pps.length + (high ? 4 : 0));
        b.writeByte(1).writeByte(profile).writeByte(sps[2]).writeByte(sps[3]);
        b.writeByte(0xFF); // 4-byte NAL lengths
        b.writeByte(0xE1).writeShort(sps.length).writeBytes(sps);
        b.writeByte(1).writeShort(pps.length).writeBytes(pps);
        if (high) {
            b.writeByte(0xFC | H264Sps.parse(sps).chromaFormatIdc()).writeByte(0xF8).writeByte(0xF8).writeByte(0);
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
