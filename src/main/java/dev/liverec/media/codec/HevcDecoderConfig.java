package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * An HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3): the HEVC sequence header of Enhanced RTMP and
 * legacy codec-12 FLV, and the body of an MP4 {@code hvcC} box.
 */
public record HevcDecoderConfig(int profileSpace, boolean highTier, int profileIdc, long compatibilityFlags,
                                int levelIdc, int chromaFormat, int nalLengthSize,
                                List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, HevcSps firstSps) {

    public static final int NAL_VPS = 32;
    public static final int NAL_SPS = 33;
    public static final int NAL_PPS = 34;

    /** Parses the record from the readable bytes of {@code buf} (indexes untouched). */
    public static HevcDecoderConfig parse(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        if (end - i < 23) throw new MediaFormatException("hvcC too short");
        if (buf.getUnsignedByte(i) != 1) throw new MediaFormatException("hvcC version " + buf.getUnsignedByte(i));
        int b1 = buf.getUnsignedByte(i + 1);
        long compat = buf.getUnsignedInt(i + 2);
        int level = buf.getUnsignedByte(i + 12);
        int chroma = buf.getUnsignedByte(i + 16) & 3;
        int lengthSize = (buf.getUnsignedByte(i + 21) & 3) + 1;
        if (lengthSize == 3) throw new MediaFormatException("hvcC NAL length size 3");
        int arrays = buf.getUnsignedByte(i + 22);
        i += 23;
        List<byte[]> vps = new ArrayList<>(), sps = new ArrayList<>(), pps = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            if (i + 3 > end) throw new MediaFormatException("hvcC truncated");
            int type = buf.getUnsignedByte(i) & 0x3F;
            int count = buf.getUnsignedShort(i + 1);
            i += 3;
            for (int k = 0; k < count; k++) {
                if (i + 2 > end) throw new MediaFormatException("hvcC truncated");
                int len = buf.getUnsignedShort(i);
                i += 2;
                if (len == 0 || i + len > end) throw new MediaFormatException("hvcC NAL length out of range");
                byte[] nal = new byte[len];
                buf.getBytes(i, nal);
                i += len;
                if (type == NAL_VPS) vps.add(nal);
                else if (type == NAL_SPS) sps.add(nal);
                else if (type == NAL_PPS) pps.add(nal);
            }
        }
        if (sps.isEmpty()) throw new MediaFormatException("hvcC without SPS");
        HevcSps parsed = HevcSps.parse(sps.get(0));
        return new HevcDecoderConfig(b1 >> 6, (b1 & 0x20) != 0, b1 & 0x1F, compat, level, chroma, lengthSize,
                List.copyOf(vps), List.copyOf(sps), List.copyOf(pps), parsed);
    }

    /**
     * Builds a record (NAL length size 4) from parameter sets, taking the general profile/tier/level bytes from
     * the SPS. For tools and test publishers that start from an Annex B stream.
     */
    public static void encode(ByteBuf out, List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
        byte[] rbsp = NalUnits.toRbsp(sps.get(0), 2, sps.get(0).length - 2);
        HevcSps parsed = HevcSps.parse(sps.get(0));
        out.writeByte(1);
        out.writeBytes(rbsp, 1, 12); // general_profile_space .. general_level_idc, byte aligned in the SPS
        out.writeShort(0xF000); // min_spatial_segmentation_idc 0
        out.writeByte(0xFC); // parallelismType unknown
        out.writeByte(0xFC | parsed.chromaFormatIdc());
        out.writeByte(0xF8); // bit depths: not needed by decoders, which read the SPS
        out.writeByte(0xF8);
        out.writeShort(0); // avgFrameRate
        out.writeByte((1 << 3) | 3); // 1 temporal layer, NAL length size 4
        out.writeByte(3);
        writeArray(out, NAL_VPS, vps);
        writeArray(out, NAL_SPS, sps);
        writeArray(out, NAL_PPS, pps);
    }

    private static void writeArray(ByteBuf out, int type, List<byte[]> nals) {
        out.writeByte(0x80 | type);
        out.writeShort(nals.size());
        for (byte[] n : nals) {
            out.writeShort(n.length);
            out.writeBytes(n);
        }
    }

    public int width() { return firstSps.width(); }
    public int height() { return firstSps.height(); }
}
