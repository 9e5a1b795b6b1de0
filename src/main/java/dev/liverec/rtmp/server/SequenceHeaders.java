package dev.liverec.rtmp.server;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;

/**
 * Minimal readers for what the stream info needs from sequence headers: picture size from the SPS inside an
 * AVC/HEVC decoder configuration record, sample rate and channels from an AAC AudioSpecificConfig. Malformed
 * input yields zeros, never an exception: the info is informational.
 */
final class SequenceHeaders {
    private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
            11025, 8000, 7350};

    private SequenceHeaders() {}

    /** {width, height}, zeros when unknown. */
    static int[] videoSize(MediaPacket p) {
        try {
            if (p.codec() == Codec.H264) return avcSize(p.payload());
            if (p.codec() == Codec.HEVC) return hevcSize(p.payload());
        } catch (RuntimeException e) {
            // truncated or odd SPS: size stays unknown
        }
        return new int[2];
    }

    /** {sample rate, channels}, zeros when unknown. */
    static int[] audioConfig(MediaPacket p) {
        if (p.codec() != Codec.AAC) return new int[2];
        try {
            BitReader r = new BitReader(p.payload());
            int object = r.bits(5);
            if (object == 31) r.bits(6);
            int fi = r.bits(4);
            int rate = fi == 15 ? r.bits(24) : fi < AAC_RATES.length ? AAC_RATES[fi] : 0;
            int channels = r.bits(4);
            return new int[] {rate, channels == 7 ? 8 : channels};
        } catch (RuntimeException e) {
            return new int[2];
        }
    }

    private static int[] avcSize(ByteBuf rec) {
        int i = rec.readerIndex();
        if (rec.readableBytes() < 8 || (rec.getUnsignedByte(i + 5) & 0x1F) == 0) return new int[2];
        int len = rec.getUnsignedShort(i + 6);
        BitReader r = new BitReader(unescape(rec, i + 8, len));
        r.bits(8); // NAL header
        int profile = r.bits(8);
        r.bits(16); // constraint flags, level
        r.ue(); // sps id
        int chroma = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chroma = r.ue();
            if (chroma == 3) r.bits(1);
            r.ue();
            r.ue();
            r.bits(1);
            if (r.bits(1) == 1) {
                for (int k = 0; k < (chroma != 3 ? 8 : 12); k++) {
                    if (r.bits(1) == 1) skipScalingList(r, k < 6 ? 16 : 64);
                }
            }
        }
        r.ue(); // log2_max_frame_num
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.bits(1);
            r.se();
            r.se();
            int n = r.ue();
            for (int k = 0; k < n; k++) r.se();
        }
        r.ue(); // max_num_ref_frames
        r.bits(1);
        int wMbs = r.ue() + 1;
        int hMaps = r.ue() + 1;
        int frameMbsOnly = r.bits(1);
        if (frameMbsOnly == 0) r.bits(1);
        r.bits(1);
        int cl = 0, cr = 0, ct = 0, cb = 0;
        if (r.bits(1) == 1) {
            cl = r.ue();
            cr = r.ue();
            ct = r.ue();
            cb = r.ue();
        }
        int unitX = chroma == 0 ? 1 : chroma == 3 ? 1 : 2;
        int unitY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
        return new int[] {wMbs * 16 - unitX * (cl + cr), (2 - frameMbsOnly) * hMaps * 16 - unitY * (ct + cb)};
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    private static int[] hevcSize(ByteBuf rec) {
        int i = rec.readerIndex();
        int end = rec.writerIndex();
        if (rec.readableBytes() < 23) return new int[2];
        int arrays = rec.getUnsignedByte(i + 22);
        int pos = i + 23;
        for (int a = 0; a < arrays && pos + 3 <= end; a++) {
            int type = rec.getUnsignedByte(pos) & 0x3F;
            int count = rec.getUnsignedShort(pos + 1);
            pos += 3;
            for (int n = 0; n < count && pos + 2 <= end; n++) {
                int len = rec.getUnsignedShort(pos);
                if (type == 33 && pos + 2 + len <= end) return hevcSpsSize(unescape(rec, pos + 2, len));
                pos += 2 + len;
            }
        }
        return new int[2];
    }

    private static int[] hevcSpsSize(byte[] sps) {
        BitReader r = new BitReader(sps);
        r.bits(16); // NAL header
        r.bits(4);
        int maxSub = r.bits(3);
        r.bits(1);
        r.skip(96); // general profile_tier_level
        boolean[] profilePresent = new boolean[8];
        boolean[] levelPresent = new boolean[8];
        for (int k = 0; k < maxSub; k++) {
            profilePresent[k] = r.bits(1) == 1;
            levelPresent[k] = r.bits(1) == 1;
        }
        if (maxSub > 0) for (int k = maxSub; k < 8; k++) r.bits(2);
        for (int k = 0; k < maxSub; k++) {
            if (profilePresent[k]) r.skip(88);
            if (levelPresent[k]) r.skip(8);
        }
        r.ue(); // sps id
        int chroma = r.ue();
        if (chroma == 3) r.bits(1);
        int w = r.ue();
        int h = r.ue();
        if (r.bits(1) == 1) {
            int subW = chroma == 1 || chroma == 2 ? 2 : 1;
            int subH = chroma == 1 ? 2 : 1;
            int l = r.ue(), rr = r.ue(), t = r.ue(), b = r.ue();
            w -= subW * (l + rr);
            h -= subH * (t + b);
        }
        return new int[] {w, h};
    }

    /** The NAL unit without emulation prevention bytes (00 00 03 → 00 00). */
    private static byte[] unescape(ByteBuf b, int from, int len) {
        if (from + len > b.writerIndex()) throw new IndexOutOfBoundsException();
        byte[] out = new byte[len];
        int n = 0, zeros = 0;
        for (int k = 0; k < len; k++) {
            byte v = b.getByte(from + k);
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            out[n++] = v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** MSB-first bit reader with Exp-Golomb codes. */
    static final class BitReader {
        private final byte[] data;
        private long pos;

        BitReader(byte[] data) { this.data = data; }

        BitReader(ByteBuf b) {
            this(io.netty.buffer.ByteBufUtil.getBytes(b, b.readerIndex(), Math.min(b.readableBytes(), 64)));
        }

        int bits(int n) {
            int v = 0;
            for (int k = 0; k < n; k++) {
                int byteIndex = (int) (pos >>> 3);
                if (byteIndex >= data.length) throw new IndexOutOfBoundsException("end of data");
                v = (v << 1) | ((data[byteIndex] >> (7 - (pos & 7))) & 1);
                pos++;
            }
            return v;
        }

        void skip(int n) {
            pos += n;
        }

        int ue() {
            int zeros = 0;
            while (bits(1) == 0) {
                if (++zeros > 31) throw new IllegalStateException("bad Exp-Golomb code");
            }
            return zeros == 0 ? 0 : (int) ((1L << zeros) - 1 + (bits(zeros) & 0xFFFFFFFFL));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
