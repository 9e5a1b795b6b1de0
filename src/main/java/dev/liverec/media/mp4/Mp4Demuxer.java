package dev.liverec.media.mp4;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a progressive MP4 (moov first as {@link Mp4Finalizer} writes it, or at the end as {@link MoovAtEnd} leaves
 * it) back into {@link MediaPacket}s through its sample tables: {@code stsz}, {@code stco}/{@code co64},
 * {@code stsc}, {@code stts}, {@code ctts}, {@code stss}, the sample entry's {@code avcC} or {@code esds}
 * (AudioSpecificConfig; MP3 as object type 0x6B/0x69 or {@code .mp3}), and the edit list's start (an empty edit
 * and {@code media_time}) that places each track on the movie's timeline. Each track's sequence header comes first,
 * then every sample in decode-time order, its payload a slice of the input (no copy). H.264, AAC and MP3 tracks
 * are read; others (and fragments) are skipped.
 */
public final class Mp4Demuxer {
    private record Sample(Track track, long offset, int size, long dtsMs, long ptsMs, boolean key) {}

    private record Track(Codec codec, byte[] config) {}

    private final ByteBuf in;
    private final List<MediaPacket> headers = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private int next;

    /** @param file the whole file; not released by the demuxer */
    public Mp4Demuxer(ByteBuf file) {
        this.in = file;
        int base = file.readerIndex();
        int[] moov = BoxWalk.find(file, base, file.writerIndex(), "moov");
        if (moov == null) throw new MediaFormatException("no moov");
        int[] mvhd = BoxWalk.find(file, moov[0], moov[1], "mvhd");
        if (mvhd == null) throw new MediaFormatException("no mvhd");
        try {
            long movieScale = file.getUnsignedInt(mvhd[0] + (file.getByte(mvhd[0]) == 1 ? 20 : 12));
            for (int[] trak : BoxWalk.findAll(file, moov[0], moov[1], "trak")) trak(trak, movieScale, base);
        } catch (IndexOutOfBoundsException e) { // a table longer than its box: a corrupt file
            headers.forEach(MediaPacket::release);
            throw new MediaFormatException("corrupt MP4: " + e.getMessage());
        }
        samples.sort(Comparator.comparingLong(Sample::dtsMs)); // stable: each track keeps its order
    }

    /** The next packet (sequence headers first), or null at the end; the caller owns (must release) it. */
    public MediaPacket next() {
        if (!headers.isEmpty()) return headers.remove(0);
        if (next >= samples.size()) return null;
        Sample s = samples.get(next++);
        return new MediaPacket(s.track().codec(), s.dtsMs(), s.ptsMs(), s.key(), false,
                in.retainedSlice((int) s.offset(), s.size()));
    }

    private void trak(int[] trak, long movieScale, int base) {
        int[] mdia = BoxWalk.find(in, trak[0], trak[1], "mdia");
        int[] mdhd = mdia == null ? null : BoxWalk.find(in, mdia[0], mdia[1], "mdhd");
        int[] stbl = mdia == null ? null : BoxWalk.path(in, mdia, "minf", "stbl");
        if (mdhd == null || stbl == null) return;
        long scale = in.getUnsignedInt(mdhd[0] + (in.getByte(mdhd[0]) == 1 ? 20 : 12));
        Track track = sampleEntry(stbl);
        if (track == null || scale == 0) return;
        if (track.config() != null) {
            headers.add(new MediaPacket(track.codec(), 0, 0, true, true, io.netty.buffer.Unpooled.wrappedBuffer(track.config())));
        }
        // the movie time of the track's first sample: an empty edit, less the media_time the edit starts at
        long emptyMovie = 0, mediaTime = 0;
        int[] elst = BoxWalk.path(in, trak, "edts", "elst");
        if (elst != null) {
            boolean v1 = in.getByte(elst[0]) == 1;
            int n = (int) in.getUnsignedInt(elst[0] + 4);
            int e = elst[0] + 8, entry = v1 ? 20 : 12;
            for (int k = 0; k < n && e + entry <= elst[1]; k++, e += entry) {
                long dur = v1 ? in.getLong(e) : in.getUnsignedInt(e);
                long mt = v1 ? in.getLong(e + 8) : in.getInt(e + 4);
                if (mt == -1) emptyMovie += dur;
                else {
                    mediaTime = mt;
                    break;
                }
            }
        }
        long shift = (movieScale == 0 ? 0 : emptyMovie * scale / movieScale) - mediaTime; // in the track's timescale
        SampleTables t = new SampleTables(in, stbl);
        long dts = 0;
        int chunk = 0, inChunk = 0;
        long offset = t.chunkOffset(0);
        for (int i = 0; i < t.count(); i++) {
            if (inChunk == t.samplesInChunk(chunk)) {
                chunk++;
                inChunk = 0;
                offset = t.chunkOffset(chunk);
            }
            int size = t.size(i);
            long d = dts + shift, p = d + t.compositionOffset(i);
            if (offset < 0 || size < 0 || offset + size > in.writerIndex() - base) break; // a cut file: the samples there
            samples.add(new Sample(track, base + offset, size, Math.floorDiv(d * 1000, scale),
                    Math.floorDiv(p * 1000, scale), t.sync(i)));
            offset += size;
            inChunk++;
            dts += t.delta(i);
        }
    }

    private Track sampleEntry(int[] stbl) {
        int[] stsd = BoxWalk.find(in, stbl[0], stbl[1], "stsd");
        if (stsd == null || stsd[1] - stsd[0] < 16) return null;
        int entry = stsd[0] + 8;
        int end = Math.min(stsd[1], entry + (int) in.getUnsignedInt(entry));
        String format = BoxWalk.type(in, entry + 4);
        switch (format) {
            case "avc1", "avc3" -> {
                int[] avcC = BoxWalk.find(in, entry + 86, end, "avcC");
                return avcC == null ? null : new Track(Codec.H264, bytes(avcC[0], avcC[1]));
            }
            case ".mp3" -> {
                return new Track(Codec.MP3, null);
            }
            case "mp4a" -> {
                int[] esds = BoxWalk.find(in, entry + 36, end, "esds");
                if (esds == null) return null;
                int oti = EsDescriptor.objectType(in, esds[0] + 4, esds[1]);
                if (oti == 0x6B || oti == 0x69) return new Track(Codec.MP3, null);
                byte[] asc = EsDescriptor.decoderSpecificInfo(in, esds[0] + 4, esds[1]);
                return asc == null ? null : new Track(Codec.AAC, asc);
            }
            default -> {
                return null;
            }
        }
    }

    private byte[] bytes(int from, int to) {
        byte[] b = new byte[to - from];
        in.getBytes(from, b);
        return b;
    }
}
