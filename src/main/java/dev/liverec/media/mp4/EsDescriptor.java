package dev.liverec.media.mp4;

import io.netty.buffer.ByteBuf;

/**
 * The ES_Descriptor of an {@code esds} box (ISO/IEC 14496-1 §7.2.6.5): its DecoderConfigDescriptor's
 * objectTypeIndication and DecoderSpecificInfo (for AAC, the AudioSpecificConfig).
 */
final class EsDescriptor {
    private EsDescriptor() {}

    /** objectTypeIndication, or 0 when the descriptor is not readable. */
    static int objectType(ByteBuf b, int i, int end) {
        int at = decoderConfig(b, i, end);
        return at < 0 ? 0 : b.getUnsignedByte(at);
    }

    /** The DecoderSpecificInfo bytes, or null. */
    static byte[] decoderSpecificInfo(ByteBuf b, int i, int end) {
        int at = decoderConfig(b, i, end);
        if (at < 0) return null;
        at += 13; // objectTypeIndication .. avgBitrate
        if (at >= end || b.getUnsignedByte(at) != 0x05) return null;
        int[] len = length(b, at + 1, end);
        if (len[0] + len[1] > end) return null;
        byte[] out = new byte[len[1]];
        b.getBytes(len[0], out);
        return out;
    }

    /** Index of the DecoderConfigDescriptor's payload, or -1. */
    private static int decoderConfig(ByteBuf b, int i, int end) {
        if (i >= end || b.getUnsignedByte(i) != 0x03) return -1;
        i = length(b, i + 1, end)[0];
        if (i + 3 > end) return -1;
        int flags = b.getUnsignedByte(i + 2);
        i += 3;
        if ((flags & 0x80) != 0) i += 2; // dependsOn_ES_ID
        if ((flags & 0x40) != 0) i += i < end ? 1 + b.getUnsignedByte(i) : 1; // URL
        if ((flags & 0x20) != 0) i += 2; // OCR_ES_Id
        if (i >= end || b.getUnsignedByte(i) != 0x04) return -1;
        i = length(b, i + 1, end)[0];
        return i + 13 <= end ? i : -1;
    }

    /** {index after the size field, size}. */
    private static int[] length(ByteBuf b, int i, int end) {
        int size = 0;
        for (int n = 0; n < 4 && i < end; n++) {
            int v = b.getUnsignedByte(i++);
            size = (size << 7) | (v & 0x7F);
            if ((v & 0x80) == 0) break;
        }
        return new int[]{i, size};
    }
}
