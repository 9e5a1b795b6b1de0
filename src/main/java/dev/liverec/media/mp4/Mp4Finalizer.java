package dev.liverec.media.mp4;

import dev.liverec.media.ByteSink;
import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a fragmented MP4 (as written by {@link FragmentedMp4Writer}, or cut short by a crash) into a progressive
 * MP4 with {@code moov} before {@code mdat}: sample tables ({@code stts}, {@code ctts}, {@code stss},
 * {@code stsc}, {@code stsz}, {@code stco}, or {@code co64} once an offset passes the threshold), durations in
 * {@code mvhd}/{@code tkhd}/{@code mdhd}, and edit lists that put each track's first presented sample at its
 * place on the common timeline (A/V start alignment, B-frame composition delay).
 *
 * <p>A truncated tail is tolerated: a cut {@code moof} ends the input, samples of a cut {@code mdat} that lie
 * beyond the end of the file are dropped. Sample data is copied chunk by chunk (one chunk per track and
 * fragment) through one reused buffer. This is a file transformation, so it reads a channel; it writes to a sink.
 * {@link FragmentIndex} reads the fragments into {@link TrackSamples}; this class lays out and writes the result.
 */
public final class Mp4Finalizer {
    /** Offsets above this need {@code co64}; a parameter so tests can exercise co64 without 4 GiB files. */
    public static final long STCO_LIMIT = 0xFFFFFFFFL;

    public record Result(int tracks, long videoSamples, long audioSamples, long durationMs, boolean truncated,
                         boolean co64, long bytes) {}

    private Mp4Finalizer() {}

    public static Result finalize(SeekableByteChannel in, ByteSink out) throws IOException {
        return finalize(in, out, STCO_LIMIT);
    }

    public static Result finalize(SeekableByteChannel in, ByteSink out, long co64Threshold) throws IOException {
        FragmentIndex input;
        try {
            input = FragmentIndex.read(in);
        } catch (IndexOutOfBoundsException e) { // a box shorter than its fields: a corrupt file
            throw new MediaFormatException("corrupt MP4: " + e.getMessage());
        }
        if (input.tracks.isEmpty()) throw new MediaFormatException("no track in moov");
        for (TrackSamples t : input.tracks) t.trimToValid(input.fileSize);
        List<TrackSamples.Chunk> chunks = new ArrayList<>();
        for (TrackSamples t : input.tracks) chunks.addAll(t.chunks);
        chunks.removeIf(c -> c.count == 0);
        chunks.sort((a, b) -> Long.compare(a.source, b.source));
        long mdatPayload = 0;
        for (TrackSamples.Chunk c : chunks) {
            c.relative = mdatPayload;
            mdatPayload += c.bytes;
        }
        ByteBuf ftyp = Unpooled.buffer(32);
        Mp4Boxes.ftyp(ftyp, "isom", "isom", "iso2", "avc1", "mp41");
        boolean co64 = false;
        ByteBuf moov = moov(input, ftyp.readableBytes(), 8, false, 0);
        long dataStart = ftyp.readableBytes() + moov.readableBytes() + 8;
        if (dataStart + mdatPayload > co64Threshold) {
            co64 = true;
            moov.release();
            moov = moov(input, ftyp.readableBytes(), 16, true, 0);
            dataStart = ftyp.readableBytes() + moov.readableBytes() + 16;
        }
        // rebuild with the real offsets (same size: the tables only change values)
        long sizeBefore = moov.readableBytes();
        moov.release();
        moov = moov(input, ftyp.readableBytes(), co64 ? 16 : 8, co64, dataStart);
        if (moov.readableBytes() != sizeBefore) throw new IllegalStateException("moov size changed");
        try {
            out.write(ftyp);
            out.write(moov);
        } finally {
            ftyp.release();
            moov.release();
        }
        ByteBuf header = Unpooled.buffer(16);
        if (co64) header.writeInt(1).writeInt(Mp4Boxes.type("mdat")).writeLong(16 + mdatPayload);
        else header.writeInt((int) (8 + mdatPayload)).writeInt(Mp4Boxes.type("mdat"));
        out.write(header);
        header.release();
        ByteBuffer copy = ByteBuffer.allocate(1 << 20);
        ByteBuf wrapped = Unpooled.wrappedBuffer(copy);
        try {
            for (TrackSamples.Chunk c : chunks) {
                long pos = c.source;
                long left = c.bytes;
                while (left > 0) {
                    copy.clear().limit((int) Math.min(copy.capacity(), left));
                    in.position(pos);
                    while (copy.hasRemaining()) {
                        if (in.read(copy) < 0) throw new MediaFormatException("input ended while copying samples");
                    }
                    int n = copy.position();
                    out.write(wrapped.setIndex(0, n));
                    pos += n;
                    left -= n;
                }
            }
        } finally {
            wrapped.release();
        }
        long v = 0, a = 0, duration = 0;
        for (TrackSamples t : input.tracks) {
            if (t.audio) a += t.count;
            else v += t.count;
            duration = Math.max(duration, t.movieDuration(input.origin()));
        }
        return new Result(input.tracks.size(), v, a, duration, input.truncated, co64, out.position());
    }

    // ---- output

    static ByteBuf moov(FragmentIndex input, int ftypSize, int mdatHeader, boolean co64, long dataStart) {
        ByteBuf b = Unpooled.buffer(64 * 1024);
        double origin = input.origin();
        int moov = Mp4Boxes.begin(b, "moov");
        long movieDuration = 0;
        for (TrackSamples t : input.tracks) movieDuration = Math.max(movieDuration, t.movieDuration(origin));
        Mp4Boxes.mvhd(b, FragmentedMp4Writer.MOVIE_TIMESCALE, movieDuration, input.tracks.size() + 1);
        for (TrackSamples t : input.tracks) {
            int trak = Mp4Boxes.begin(b, "trak");
            Mp4Boxes.tkhd(b, t.id, t.movieDuration(origin), t.audio, t.width, t.height);
            long emptyMs = t.emptyEditMs(origin);
            long mediaTime = t.presentStart() - t.decodeStart();
            if (emptyMs > 0 || mediaTime != 0) {
                int edts = Mp4Boxes.begin(b, "edts");
                int elst = Mp4Boxes.beginFull(b, "elst", 1, 0);
                b.writeInt(emptyMs > 0 ? 2 : 1);
                if (emptyMs > 0) b.writeLong(emptyMs).writeLong(-1).writeInt(0x00010000);
                b.writeLong(t.movieDuration(origin) - emptyMs).writeLong(mediaTime).writeInt(0x00010000);
                Mp4Boxes.end(b, elst);
                Mp4Boxes.end(b, edts);
            }
            int mdia = Mp4Boxes.begin(b, "mdia");
            Mp4Boxes.mdhd(b, t.timescale, t.mediaDuration());
            Mp4Boxes.hdlr(b, t.audio);
            int minf = Mp4Boxes.begin(b, "minf");
            Mp4Boxes.mediaHeaderAndDinf(b, t.audio);
            int stbl = Mp4Boxes.begin(b, "stbl");
            b.writeBytes(t.stsd);
            sampleTables(b, t, co64, dataStart);
            Mp4Boxes.end(b, stbl);
            Mp4Boxes.end(b, minf);
            Mp4Boxes.end(b, mdia);
            Mp4Boxes.end(b, trak);
        }
        Mp4Boxes.end(b, moov);
        return b;
    }

    /** stts, ctts, stss, stsc, stsz and stco/co64 of a track, with chunk offsets from {@code dataStart}. */
    private static void sampleTables(ByteBuf b, TrackSamples t, boolean co64, long dataStart) {
        int at = Mp4Boxes.beginFull(b, "stts", 0, 0);
        runs(b, t.durations, t.count);
        Mp4Boxes.end(b, at);
        // ctts when any sample has a composition offset
        boolean anyCts = false, negative = false;
        for (int i = 0; i < t.count; i++) {
            anyCts |= t.cts[i] != 0;
            negative |= t.cts[i] < 0;
        }
        if (anyCts) {
            at = Mp4Boxes.beginFull(b, "ctts", negative ? 1 : 0, 0);
            runs(b, t.cts, t.count);
            Mp4Boxes.end(b, at);
        }
        // stss unless every sample is a sync sample
        int syncCount = 0;
        for (int i = 0; i < t.count; i++) if (t.sync[i]) syncCount++;
        if (syncCount != t.count) {
            at = Mp4Boxes.beginFull(b, "stss", 0, 0);
            b.writeInt(syncCount);
            for (int i = 0; i < t.count; i++) if (t.sync[i]) b.writeInt(i + 1);
            Mp4Boxes.end(b, at);
        }
        // stsc: runs of chunks with equal sample counts
        List<TrackSamples.Chunk> used = new ArrayList<>();
        for (TrackSamples.Chunk c : t.chunks) if (c.count > 0) used.add(c);
        at = Mp4Boxes.beginFull(b, "stsc", 0, 0);
        int countAt = b.writerIndex();
        b.writeInt(0);
        int runs = 0;
        for (int i = 0; i < used.size(); i++) {
            if (i == 0 || used.get(i).count != used.get(i - 1).count) {
                b.writeInt(i + 1).writeInt(used.get(i).count).writeInt(1);
                runs++;
            }
        }
        b.setInt(countAt, runs);
        Mp4Boxes.end(b, at);
        // stsz
        at = Mp4Boxes.beginFull(b, "stsz", 0, 0);
        b.writeInt(0).writeInt(t.count);
        for (int i = 0; i < t.count; i++) b.writeInt(t.sizes[i]);
        Mp4Boxes.end(b, at);
        // stco / co64
        at = Mp4Boxes.beginFull(b, co64 ? "co64" : "stco", 0, 0);
        b.writeInt(used.size());
        for (TrackSamples.Chunk c : used) {
            if (co64) b.writeLong(dataStart + c.relative);
            else b.writeInt((int) (dataStart + c.relative));
        }
        Mp4Boxes.end(b, at);
    }

    /** Entry count, then (sample count, value) for each run of equal values (stts, ctts). */
    private static void runs(ByteBuf b, int[] values, int count) {
        int countAt = b.writerIndex();
        b.writeInt(0);
        int runs = 0;
        for (int i = 0; i < count; ) {
            int j = i;
            while (j < count && values[j] == values[i]) j++;
            b.writeInt(j - i).writeInt(values[i]);
            runs++;
            i = j;
        }
        b.setInt(countAt, runs);
    }
}
