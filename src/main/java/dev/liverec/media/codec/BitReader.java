package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;

/** MSB-first bit reader over a byte array, with Exp-Golomb codes as used by H.264/HEVC parameter sets. */
public final class BitReader {
    private final byte[] data;
    private final int limitBits;
    private int pos;

    public BitReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset * 8;
        this.limitBits = (offset + length) * 8;
    }

    public int bit() {
        if (pos >= limitBits) throw new MediaFormatException("bitstream exhausted");
        int b = (data[pos >> 3] >> (7 - (pos & 7))) & 1;
        pos++;
        return b;
    }

    public boolean flag() {
        return bit() == 1;
    }

    /** Reads n ≤ 32 bits as an unsigned value. */
    public long bits(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 1) | bit();
        return v;
    }

    public int u(int n) {
        return (int) bits(n);
    }

    public void skip(int n) {
        if (pos + (long) n > limitBits) throw new MediaFormatException("bitstream exhausted");
        pos += n;
    }

    /** Unsigned Exp-Golomb. */
    public int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) throw new MediaFormatException("bad exp-golomb code");
        }
        return (int) (((1L << zeros) - 1) + bits(zeros));
    }

    /** Signed Exp-Golomb. */
    public int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    public int bitsLeft() {
        return limitBits - pos;
    }
}
