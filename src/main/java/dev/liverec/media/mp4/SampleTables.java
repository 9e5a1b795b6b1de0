package dev.liverec.media.mp4;

import io.netty.buffer.ByteBuf;

/**
 * The sample tables of one {@code stbl} (ISO/IEC 14496-12 §8.6-8.7), read in place: sizes ({@code stsz}), chunk
 * offsets ({@code stco}/{@code co64}), samples per chunk ({@code stsc}), decode deltas ({@code stts}), composition
 * offsets ({@code ctts}, signed in version 1) and sync samples ({@code stss}; absent: every sample is one).
 * Run-length tables are expanded into arrays once: an hour is a few hundred thousand ints.
 */
final class SampleTables {
    private final int[] sizes, deltas, offsets;
    private final long[] chunkOffsets;
    private final int[] chunkSamples;
    private final boolean[] sync;

    SampleTables(ByteBuf b, int[] stbl) {
        int[] stsz = BoxWalk.find(b, stbl[0], stbl[1], "stsz");
        int fixed = stsz == null ? 0 : (int) b.getUnsignedInt(stsz[0] + 4);
        long declared = stsz == null ? 0 : b.getUnsignedInt(stsz[0] + 8);
        // a count the box (or, with one size for all, the file) cannot hold is a corrupt table: read what is there
        int count = stsz == null ? 0
                : (int) Math.max(0, Math.min(declared, fixed != 0 ? b.writerIndex() / fixed : (stsz[1] - stsz[0] - 12) / 4));
        sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = fixed != 0 ? fixed : (int) b.getUnsignedInt(stsz[0] + 12 + 4 * i);
        deltas = runs(b, BoxWalk.find(b, stbl[0], stbl[1], "stts"), count, false);
        offsets = runs(b, BoxWalk.find(b, stbl[0], stbl[1], "ctts"), count, true);
        int[] stco = BoxWalk.find(b, stbl[0], stbl[1], "stco"), co64 = BoxWalk.find(b, stbl[0], stbl[1], "co64");
        int[] co = stco != null ? stco : co64;
        int chunks = co == null ? 0 : (int) Math.max(0, Math.min(b.getUnsignedInt(co[0] + 4), (co[1] - co[0] - 8) / (stco != null ? 4 : 8)));
        chunkOffsets = new long[chunks];
        for (int i = 0; i < chunks; i++) {
            chunkOffsets[i] = stco != null ? b.getUnsignedInt(co[0] + 8 + 4 * i) : b.getLong(co[0] + 8 + 8 * i);
        }
        chunkSamples = new int[chunks];
        int[] stsc = BoxWalk.find(b, stbl[0], stbl[1], "stsc");
        int entries = stsc == null ? 0 : (int) Math.max(0, Math.min(b.getUnsignedInt(stsc[0] + 4), (stsc[1] - stsc[0] - 8) / 12));
        for (int e = 0; e < entries; e++) {
            int at = stsc[0] + 8 + 12 * e;
            int firstChunk = (int) b.getUnsignedInt(at) - 1;
            int per = (int) b.getUnsignedInt(at + 4);
            int nextFirst = e + 1 < entries ? (int) b.getUnsignedInt(at + 12) - 1 : chunks;
            for (int c = Math.max(0, firstChunk); c < Math.min(nextFirst, chunks); c++) chunkSamples[c] = per;
        }
        int[] stss = BoxWalk.find(b, stbl[0], stbl[1], "stss");
        sync = new boolean[count];
        if (stss == null) java.util.Arrays.fill(sync, true);
        else {
            long n = Math.min(b.getUnsignedInt(stss[0] + 4), (stss[1] - stss[0] - 8) / 4);
            for (int i = 0; i < n; i++) {
                long s = b.getUnsignedInt(stss[0] + 8 + 4 * i) - 1;
                if (s >= 0 && s < count) sync[(int) s] = true;
            }
        }
    }

    /** Expands a (count, value) run table of a full box into one value per sample; 0 past its end. */
    private static int[] runs(ByteBuf b, int[] box, int count, boolean signed) {
        int[] out = new int[count];
        if (box == null) return out;
        long n = Math.min(b.getUnsignedInt(box[0] + 4), (box[1] - box[0] - 8) / 8);
        int s = 0;
        for (int e = 0; e < n && s < count; e++) {
            int at = box[0] + 8 + 8 * e;
            long run = b.getUnsignedInt(at);
            int value = signed ? b.getInt(at + 4) : (int) Math.min(Integer.MAX_VALUE, b.getUnsignedInt(at + 4));
            for (long k = 0; k < run && s < count; k++) out[s++] = value;
        }
        return out;
    }

    int count() { return sizes.length; }
    int size(int i) { return sizes[i]; }
    int delta(int i) { return deltas[i]; }
    int compositionOffset(int i) { return offsets[i]; }
    boolean sync(int i) { return sync[i]; }
    /** Samples in chunk {@code c} (0 past the last chunk, which ends the walk). */
    int samplesInChunk(int c) { return c < chunkSamples.length ? chunkSamples[c] : 0; }
    long chunkOffset(int c) { return c < chunkOffsets.length ? chunkOffsets[c] : Long.MAX_VALUE / 2; }
}
