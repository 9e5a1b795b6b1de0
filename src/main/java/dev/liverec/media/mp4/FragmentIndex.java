package dev.liverec.media.mp4;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fragmented MP4 holds, read from its {@code moov} (tracks, sample descriptions, {@code trex} defaults) and
 * each {@code moof} ({@code tfhd}/{@code tfdt}/{@code trun}: the samples and where their bytes are). A cut tail ends
 * the input ({@link #truncated}); samples beyond the end of the file are dropped later
 * ({@link TrackSamples#trimToValid}). Boxes are read one at a time, at most 64 MiB each.
 */
final class FragmentIndex {
    /** Far above any fragment liverec writes (a few seconds of frames) and small enough to index. */
    static final int MAX_TRUN_SAMPLES = 1 << 20;
    final List<TrackSamples> tracks = new ArrayList<>();
    long fileSize;
    boolean truncated;

    /** Presentation time (s) where the earliest track starts. */
    double origin() {
        double o = Double.MAX_VALUE;
        for (TrackSamples t : tracks) if (t.count > 0) o = Math.min(o, t.presentStart() / (double) t.timescale);
        return o == Double.MAX_VALUE ? 0 : o;
    }

    TrackSamples track(int id) {
        for (TrackSamples t : tracks) if (t.id == id) return t;
        return null;
    }

    static FragmentIndex read(SeekableByteChannel in) throws IOException {
        FragmentIndex input = new FragmentIndex();
        input.fileSize = in.size();
        long pos = 0;
        boolean moovSeen = false;
        BoxHeader h;
        while ((h = BoxHeader.read(in, pos)) != null) {
            String type = h.type();
            boolean complete = h.completeIn(input.fileSize);
            if (type.equals("moov") || type.equals("moof")) {
                if (!complete) {
                    input.truncated = true;
                    break;
                }
                if (h.size() > 64 << 20) throw new MediaFormatException(type + " too large");
                ByteBuf box = read(in, pos, (int) h.size());
                try {
                    if (type.equals("moov")) {
                        parseMoov(box, h.headerSize(), input);
                        moovSeen = true;
                    } else if (moovSeen) {
                        parseMoof(box, h.headerSize(), pos, input);
                    }
                } finally {
                    box.release();
                }
            } else if (!complete) {
                input.truncated = true; // a cut mdat: trimToValid drops what is missing
                break;
            }
            pos = h.end();
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

    private static void parseMoov(ByteBuf b, int header, FragmentIndex input) {
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
                        TrackSamples t = input.track(b.getInt(j + 12));
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

    private static TrackSamples parseTrak(ByteBuf b, int trak, int trakEnd) {
        TrackSamples t = new TrackSamples();
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

    private static void parseMoof(ByteBuf b, int header, long moofPos, FragmentIndex input) {
        int end = b.readableBytes();
        int i = header;
        while (i + 8 <= end) {
            int size = b.getInt(i);
            if (size < 8 || i + size > end) throw new MediaFormatException("bad box in moof");
            if (Mp4Boxes.name(b.getInt(i + 4)).equals("traf")) parseTraf(b, i, i + size, moofPos, input);
            i += size;
        }
    }

    private static void parseTraf(ByteBuf b, int traf, int trafEnd, long moofPos, FragmentIndex input) {
        int tfhd = need(child(b, traf + 8, trafEnd, "tfhd"), "tfhd");
        int flags = b.getInt(tfhd + 8) & 0xFFFFFF;
        TrackSamples t = input.track(b.getInt(tfhd + 12));
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
            if (size < 8 || i + size > trafEnd) throw new MediaFormatException("bad box in traf"); // 0 would loop forever
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
                // without per-sample fields the box does not bound the count: a garbled one would fill the heap
                if (n > MAX_TRUN_SAMPLES) throw new MediaFormatException("trun of " + n + " samples");
                TrackSamples.Chunk chunk = new TrackSamples.Chunk(offset);
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
