package dev.liverec.media.mp4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The samples of one track of a fragmented MP4 as {@link FragmentIndex} reads them (sizes, durations, composition
 * offsets, sync flags, file offsets, and the chunk each {@code trun} makes), and the times the finalized track gets
 * from them.
 */
final class TrackSamples {
    /** The samples of one {@code trun}: copied as one chunk of the progressive file. */
    static final class Chunk {
        final long source;
        int count;
        long bytes;
        long relative;

        Chunk(long source) {
            this.source = source;
        }
    }

    int id;
    boolean audio;
    long timescale;
    int width, height;
    byte[] stsd;
    int defaultDuration, defaultSize, defaultFlags;
    int count;
    int[] sizes = new int[1024];
    int[] durations = new int[1024];
    int[] cts = new int[1024];
    boolean[] sync = new boolean[1024];
    long[] offsets = new long[1024];
    long firstTfdt = Long.MIN_VALUE;
    final List<Chunk> chunks = new ArrayList<>();

    void add(long offset, int size, int duration, int ct, boolean isSync) {
        if (count == sizes.length) {
            int n = count * 2;
            sizes = Arrays.copyOf(sizes, n);
            durations = Arrays.copyOf(durations, n);
            cts = Arrays.copyOf(cts, n);
            sync = Arrays.copyOf(sync, n);
            offsets = Arrays.copyOf(offsets, n);
        }
        offsets[count] = offset;
        sizes[count] = size;
        durations[count] = duration;
        cts[count] = ct;
        sync[count] = isSync;
        count++;
    }

    /** Drops the samples whose bytes are not all in the file, or garbled (negative), and everything after the first such one. */
    void trimToValid(long fileSize) {
        int valid = 0;
        while (valid < count && offsets[valid] >= 0 && sizes[valid] >= 0 && offsets[valid] + sizes[valid] <= fileSize) valid++;
        count = valid;
        int seen = 0;
        for (Chunk c : chunks) {
            int keep = Math.max(0, Math.min(c.count, count - seen));
            seen += c.count;
            c.count = keep;
            c.bytes = 0;
        }
        int s = 0;
        for (Chunk c : chunks) for (int i = 0; i < c.count; i++) c.bytes += sizes[s++];
    }

    long decodeStart() {
        return firstTfdt == Long.MIN_VALUE ? 0 : firstTfdt;
    }

    /** Earliest presentation time (media units, on the fragmented file's timeline). */
    long presentStart() {
        long t = decodeStart(), min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, t + cts[i]);
            t += durations[i];
        }
        return count == 0 ? decodeStart() : min;
    }

    long mediaDuration() {
        long d = 0;
        for (int i = 0; i < count; i++) d += durations[i];
        return d;
    }

    long emptyEditMs(double origin) {
        return Math.max(0, Math.round((presentStart() / (double) timescale - origin) * 1000));
    }

    long movieDuration(double origin) {
        long media = mediaDuration() - (presentStart() - decodeStart());
        return emptyEditMs(origin) + Math.round(media * 1000.0 / timescale);
    }
}
