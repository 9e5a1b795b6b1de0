package dev.liverec.media.codec;

import io.netty.buffer.ByteBuf;

/** NAL unit helpers shared by H.264 and HEVC. */
public final class NalUnits {
    private NalUnits() {}

    /** Removes emulation-prevention bytes (00 00 03 → 00 00) to get the RBSP of a NAL unit. */
    public static byte[] toRbsp(byte[] nal, int offset, int length) {
        byte[] out = new byte[length];
        int n = 0;
        int zeros = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n == length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** H.264 nal_unit_type of the first byte. */
    public static int avcType(int firstByte) {
        return firstByte & 0x1F;
    }

    /** HEVC nal_unit_type of the first header byte. */
    public static int hevcType(int firstByte) {
        return (firstByte >> 1) & 0x3F;
    }

    /**
     * Whether a length-prefixed (AVCC) access unit contains a NAL of the given type.
     * @param hevc true for HEVC NAL headers
     */
    public static boolean containsType(ByteBuf au, int lengthSize, boolean hevc, int type) {
        int i = au.readerIndex();
        int end = au.writerIndex();
        while (i + lengthSize <= end) {
            long len = readLength(au, i, lengthSize);
            i += lengthSize;
            if (len <= 0 || i + len > end) return false;
            int t = hevc ? hevcType(au.getUnsignedByte(i)) : avcType(au.getUnsignedByte(i));
            if (t == type) return true;
            i += (int) len;
        }
        return false;
    }

    static long readLength(ByteBuf b, int index, int lengthSize) {
        switch (lengthSize) {
            case 4: return b.getUnsignedInt(index);
            case 3: return b.getUnsignedMedium(index);
            case 2: return b.getUnsignedShort(index);
            case 1: return b.getUnsignedByte(index);
            default: throw new IllegalArgumentException("NAL length size " + lengthSize);
        }
    }
}
