package dev.liverec.media.codec;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/** Annex B byte streams (start-code delimited NAL units), as MPEG-TS carries H.264/HEVC. */
public final class AnnexB {
    private AnnexB() {}

    /** Splits an Annex B stream into NAL units (start codes removed), in order. */
    public static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < data.length) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) out.add(trim(data, start, i));
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < data.length) out.add(trim(data, start, data.length));
        return out;
    }

    private static byte[] trim(byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) to--; // trailing zero of a 4-byte start code
        return java.util.Arrays.copyOfRange(data, from, to);
    }

    /** Writes {@code 00 00 00 01 nal}. */
    public static void writeNal(ByteBuf out, byte[] nal) {
        out.writeInt(1);
        out.writeBytes(nal);
    }

    /** Writes NAL units as length-prefixed (4-byte) AVCC, the layout of {@link dev.liverec.media.MediaPacket}. */
    public static void writeLengthPrefixed(ByteBuf out, List<byte[]> nals) {
        for (byte[] n : nals) {
            out.writeInt(n.length);
            out.writeBytes(n);
        }
    }
}
