package dev.liverec.media.mp4;

import dev.liverec.media.ByteSink;
import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
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
        Input input;
        try {
            input = parse(in);
        } catch (IndexOutOfBoundsException e) { // a box shorter than its fields: a corrupt file
            throw new MediaFormatException("corrupt MP4: " + e.getMessage());
        }
        if (input.tracks.isEmpty()) throw new MediaFormatException("no track in moov");
        for (Track t : input.tracks) t.trimToValid(input.fileSize);
        List<Chunk> chunks = new ArrayList<>();
        for (Track t : input.tracks) chunks.addAll(t.chunks);
        chunks.removeIf(c -> c.count == 0);
        chunks.sort((a, b) -> Long.compare(a.source, b.source));
        long mdatPayload = 0;
        for (Chunk c : chunks) {
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
            for (Chunk c : chunks) {
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
        for (Track t : input.tracks) {
            if (t.audio) a += t.count;
            else v += t.count;
            duration = Math.max(duration, t.movieDuration(input.origin()));
        }
        return new Result(input.tracks.size(), v, a, duration, input.truncated, co64, out.position());
    }

    // ---- output

    private static ByteBuf moov(Input input, int ftypSize, int mdatHeader, boolean co64, long dataStart) {
        ByteBuf b = Unpooled.buffer(64 * 1024);
        double origin = input.origin();
        int moov = Mp4Boxes.begin(b, "moov");
        long movieDuration = 0;
        for (Track t : input.tracks) movieDuration = Math.max(movieDuration, t.movieDuration(origin));
        Mp4Boxes.mvhd(b, FragmentedMp4Writer.MOVIE_TIMESCALE, movieDuration, input.tracks.size() + 1);
        for (Track t : input.tracks) {
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
            t.writeTables(b, co64, dataStart);
            Mp4Boxes.end(b, stbl);
            Mp4Boxes.end(b, minf);
            Mp4Boxes.end(b, mdia);
            Mp4Boxes.end(b, trak);
        }
        Mp4Boxes.end(b, moov);
        return b;
    }

    // ---- input model

    private static final class Chunk {
        final long source;
        int count;
        long bytes;
        long relative;

        Chunk(long source) {
            this.source = source;
        }
    }

    private static final class Track {
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

        /** Drops the samples whose bytes are not all in the file (and everything after the first such one). */
        void trimToValid(long fileSize) {
            int valid = 0;
            while (valid < count && offsets[valid] + sizes[valid] <= fileSize) valid++;
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

        void writeTables(ByteBuf b, boolean co64, long dataStart) {
            // stts
            int at = Mp4Boxes.beginFull(b, "stts", 0, 0);
            int countAt = b.writerIndex();
            b.writeInt(0);
            int runs = 0;
            for (int i = 0; i < count; ) {
                int j = i;
                while (j < count && durations[j] == durations[i]) j++;
                b.writeInt(j - i).writeInt(durations[i]);
                runs++;
                i = j;
            }
            b.setInt(countAt, runs);
            Mp4Boxes.end(b, at);
            // ctts when any sample has a composition offset
            boolean anyCts = false, negative = false;
            for (int i = 0; i < count; i++) {
                anyCts |= cts[i] != 0;
                negative |= cts[i] < 0;
            }
            if (anyCts) {
                at = Mp4Boxes.beginFull(b, "ctts", negative ? 1 : 0, 0);
                countAt = b.writerIndex();
                b.writeInt(0);
                runs = 0;
                for (int i = 0; i < count; ) {
                    int j = i;
                    while (j < count && cts[j] == cts[i]) j++;
                    b.writeInt(j - i).writeInt(cts[i]);
                    runs++;
                    i = j;
                }
                b.setInt(countAt, runs);
                Mp4Boxes.end(b, at);
            }
            // stss unless every sample is a sync sample
            int syncCount = 0;
            for (int i = 0; i < count; i++) if (sync[i]) syncCount++;
            if (syncCount != count) {
                at = Mp4Boxes.beginFull(b, "stss", 0, 0);
                b.writeInt(syncCount);
                for (int i = 0; i < count; i++) if (sync[i]) b.writeInt(i + 1);
                Mp4Boxes.end(b, at);
            }
            // stsc: runs of chunks with equal sample counts
            List<Chunk> used = new ArrayList<>();
            for (Chunk c : chunks) if (c.count > 0) used.add(c);
            at = Mp4Boxes.beginFull(b, "stsc", 0, 0);
            countAt = b.writerIndex();
            b.writeInt(0);
            runs = 0;
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
            b.writeInt(0).writeInt(count);
            for (int i = 0; i < count; i++) b.writeInt(sizes[i]);
            Mp4Boxes.end(b, at);
            // stco / co64
            at = Mp4Boxes.beginFull(b, co64 ? "co64" : "stco", 0, 0);
            b.writeInt(used.size());
            for (Chunk c : used) {
                if (co64) b.writeLong(dataStart + c.relative);
                else b.writeInt((int) (dataStart + c.relative));
            }
            Mp4Boxes.end(b, at);
        }
    }

    private static final class Input {
        final List<Track> tracks = new ArrayList<>();
        long fileSize;
        boolean truncated;

        /** Presentation time (s) where the earliest track starts. */
        double origin() {
            double o = Double.MAX_VALUE;
            for (Track t : tracks) if (t.count > 0) o = Math.min(o, t.presentStart() / (double) t.timescale);
            return o == Double.MAX_VALUE ? 0 : o;
        }

        Track track(int id) {
            for (Track t : tracks) if (t.id == id) return t;
            return null;
        }
    }

    private static Input parse(SeekableByteChannel in) throws IOException {
        Input input = new Input();
        input.fileSize = in.size();
        long pos = 0;
        boolean moovSeen = false;
        while (pos + 8 <= input.fileSize) {
            ByteBuf h = read(in, pos, (int) Math.min(16, input.fileSize - pos));
            long size = h.getUnsignedInt(0);
            String type = Mp4Boxes.name(h.getInt(4));
            int headerSize = 8;
            if (size == 1) {
                if (h.readableBytes() < 16) break;
                size = h.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                size = input.fileSize - pos;
            }
            h.release();
            if (size < headerSize) throw new MediaFormatException("bad box size at " + pos);
            boolean complete = pos + size <= input.fileSize;
            if (type.equals("moov") || type.equals("moof")) {
                if (!complete) {
                    input.truncated = true;
                    break;
                }
                if (size > 64 << 20) throw new MediaFormatException(type + " too large");
                ByteBuf box = read(in, pos, (int) size);
                try {
                    if (type.equals("moov")) {
                        parseMoov(box, headerSize, input);
                        moovSeen = true;
                    } else if (moovSeen) {
                        parseMoof(box, headerSize, pos, input);
                    }
                } finally {
                    box.release();
                }
            } else if (!complete) {
                input.truncated = true; // a cut mdat: trimToValid drops what is missing
                break;
            }
            pos += size;
        }
        if (pos < input.fileSize && !input.truncated) input.truncated = true; // a few stray bytes
        if (!moovSeen) throw new MediaFormatException("no moov: not a fragmented MP4 or cut before its header");
        return input;
    }

    private static ByteBuf read(SeekableByteChannel in, long pos, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(len);
        in.position(pos);
        while (bb.hasRemaining()) if (in.read(bb) < 0) throw new MediaFormatException("unexpected end of input");
        bb.flip();
        return Unpooled.wrappedBuffer(bb);
    }

    /** Index of the first child box of {@code type} in [from, to), or -1; returns the box start. */
    private static int child(ByteBuf b, int from, int to, String type) {
        int want = Mp4Boxes.type(type);
        int i = from;
        while (i + 8 <= to) {
            long size = b.getUnsignedInt(i);
            if (size < 8 || i + size > to) throw new MediaFormatException("bad child box size in " + type);
            if (b.getInt(i + 4) == want) return i;
            i += (int) size;
        }
        return -1;
    }

    private static int end(ByteBuf b, int box) {
        return box + b.getInt(box);
    }

    private static int need(int index, String what) {
        if (index < 0) throw new MediaFormatException("missing " + what);
        return index;
    }

    private static void parseMoov(ByteBuf b, int header, Input input) {
        int end = b.readableBytes();
        int i = header;
        while (i + 8 <= end) {
            int size = b.getInt(i);
            if (size < 8 || i + size > end) throw new MediaFormatException("bad box in moov");
            String type = Mp4Boxes.name(b.getInt(i + 4));
            if (type.equals("trak")) input.tracks.add(parseTrak(b, i, i + size));
            if (type.equals("mvex")) {
                int j = i + 8;
                while (j + 8 <= i + size) {
                    int s = b.getInt(j);
                    if (s < 8) throw new MediaFormatException("bad box in mvex");
                    if (Mp4Boxes.name(b.getInt(j + 4)).equals("trex")) {
                        Track t = input.track(b.getInt(j + 12));
                        if (t != null) {
                            t.defaultDuration = b.getInt(j + 20);
                            t.defaultSize = b.getInt(j + 24);
                            t.defaultFlags = b.getInt(j + 28);
                        }
                    }
                    j += s;
                }
            }
            i += size;
        }
    }

    private static Track parseTrak(ByteBuf b, int trak, int trakEnd) {
        Track t = new Track();
        int tkhd = need(child(b, trak + 8, trakEnd, "tkhd"), "tkhd");
        int version = b.getUnsignedByte(tkhd + 8);
        t.id = b.getInt(tkhd + 8 + 4 + (version == 1 ? 16 : 8));
        int tkhdEnd = end(b, tkhd);
        t.width = b.getInt(tkhdEnd - 8) >>> 16;
        t.height = b.getInt(tkhdEnd - 4) >>> 16;
        int mdia = need(child(b, trak + 8, trakEnd, "mdia"), "mdia");
        int mdiaEnd = end(b, mdia);
        int mdhd = need(child(b, mdia + 8, mdiaEnd, "mdhd"), "mdhd");
        t.timescale = b.getUnsignedInt(mdhd + 12 + (b.getUnsignedByte(mdhd + 8) == 1 ? 16 : 8));
        if (t.timescale == 0) throw new MediaFormatException("timescale 0");
        int hdlr = need(child(b, mdia + 8, mdiaEnd, "hdlr"), "hdlr");
        String handler = Mp4Boxes.name(b.getInt(hdlr + 16));
        if (!handler.equals("soun") && !handler.equals("vide")) throw new MediaFormatException("handler " + handler);
        t.audio = handler.equals("soun");
        int minf = need(child(b, mdia + 8, mdiaEnd, "minf"), "minf");
        int stbl = need(child(b, minf + 8, end(b, minf), "stbl"), "stbl");
        int stsd = need(child(b, stbl + 8, end(b, stbl), "stsd"), "stsd");
        t.stsd = new byte[b.getInt(stsd)];
        b.getBytes(stsd, t.stsd);
        return t;
    }

    private static void parseMoof(ByteBuf b, int header, long moofPos, Input input) {
        int end = b.readableBytes();
        int i = header;
        while (i + 8 <= end) {
            int size = b.getInt(i);
            if (size < 8 || i + size > end) throw new MediaFormatException("bad box in moof");
            if (Mp4Boxes.name(b.getInt(i + 4)).equals("traf")) parseTraf(b, i, i + size, moofPos, input);
            i += size;
        }
    }

    private static void parseTraf(ByteBuf b, int traf, int trafEnd, long moofPos, Input input) {
        int tfhd = need(child(b, traf + 8, trafEnd, "tfhd"), "tfhd");
        int flags = b.getInt(tfhd + 8) & 0xFFFFFF;
        Track t = input.track(b.getInt(tfhd + 12));
        if (t == null) return;
        int p = tfhd + 16;
        long base = moofPos;
        if ((flags & 0x1) != 0) {
            base = b.getLong(p);
            p += 8;
        }
        if ((flags & 0x2) != 0) p += 4;
        int defDuration = t.defaultDuration, defSize = t.defaultSize, defFlags = t.defaultFlags;
        if ((flags & 0x8) != 0) { defDuration = b.getInt(p); p += 4; }
        if ((flags & 0x10) != 0) { defSize = b.getInt(p); p += 4; }
        if ((flags & 0x20) != 0) { defFlags = b.getInt(p); }
        int tfdt = child(b, traf + 8, trafEnd, "tfdt");
        if (tfdt >= 0 && t.firstTfdt == Long.MIN_VALUE) {
            t.firstTfdt = b.getUnsignedByte(tfdt + 8) == 1 ? b.getLong(tfdt + 12) : b.getUnsignedInt(tfdt + 12);
        }
        int i = traf + 8;
        while (i + 8 <= trafEnd) {
            int size = b.getInt(i);
            if (Mp4Boxes.name(b.getInt(i + 4)).equals("trun")) {
                int vf = b.getInt(i + 8);
                int version = vf >>> 24;
                int tf = vf & 0xFFFFFF;
                int n = b.getInt(i + 12);
                int q = i + 16;
                long offset = base;
                if ((tf & 0x1) != 0) { offset = base + b.getInt(q); q += 4; }
                int firstFlags = -1;
                if ((tf & 0x4) != 0) { firstFlags = b.getInt(q); q += 4; }
                int per = Integer.bitCount(tf & 0xF00) * 4;
                if (n < 0 || q + (long) n * per > i + size) throw new MediaFormatException("trun larger than its box");
                Chunk chunk = new Chunk(offset);
                t.chunks.add(chunk);
                for (int k = 0; k < n; k++) {
                    int d = defDuration, s = defSize, f = k == 0 && firstFlags != -1 ? firstFlags : defFlags, c = 0;
                    if ((tf & 0x100) != 0) { d = b.getInt(q); q += 4; }
                    if ((tf & 0x200) != 0) { s = b.getInt(q); q += 4; }
                    if ((tf & 0x400) != 0) { f = b.getInt(q); q += 4; }
                    if ((tf & 0x800) != 0) { c = version == 0 ? (int) b.getUnsignedInt(q) : b.getInt(q); q += 4; }
                    t.add(offset, s, d, c, t.audio || (f & 0x00010000) == 0);
                    chunk.count++;
                    chunk.bytes += s;
                    offset += s;
                }
            }
            i += size;
        }
    }
}
