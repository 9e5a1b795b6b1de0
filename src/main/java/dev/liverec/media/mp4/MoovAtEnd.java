package dev.liverec.media.mp4;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finishes a fragmented MP4 in place, for a disk without room for {@link Mp4Finalizer}'s moov-first copy (issue 10,
 * D4: that copy needs about the file's size again). A progressive {@code moov} whose chunk offsets point at the
 * samples where they already lie is appended, then the fragment boxes ({@code moov} with {@code mvex}, every
 * {@code moof}) become {@code free} boxes by rewriting their 4-byte type: ftyp, free, (free, mdat)*, moov — a plain
 * MP4 with its index at the end. Needs only the new {@code moov}'s size (tens of KiB for an hour).
 *
 * <p>Safe to run again after a crash part-way: a cut tail (a fragment, or a half-written {@code moov} of this class)
 * is truncated first, and a file that already ends in this class's {@code moov} only gets its boxes freed.
 */
public final class MoovAtEnd {
    private static final ByteBuffer FREE = ByteBuffer.wrap("free".getBytes(StandardCharsets.ISO_8859_1));

    private MoovAtEnd() {}

    /** True when {@code ch} already ends in a {@code moov} appended by {@link #finish} (a run cut short). */
    public static boolean begun(FileChannel ch) throws IOException {
        return endsInTailMoov(completeBoxes(ch));
    }

    public static void finish(FileChannel ch) throws IOException {
        finish(ch, Mp4Finalizer.STCO_LIMIT);
    }

    static void finish(FileChannel ch, long co64Threshold) throws IOException {
        List<BoxHeader> boxes = completeBoxes(ch);
        long end = boxes.isEmpty() ? 0 : boxes.get(boxes.size() - 1).end();
        if (ch.size() > end) ch.truncate(end); // a cut fragment, a cut moov of an earlier run, stray bytes
        boolean again = endsInTailMoov(boxes);
        if (!again) {
            appendMoov(ch, end, co64Threshold);
            ch.force(true); // the index is durable before the fragments it replaces are freed
        }
        int fragmentBoxes = again ? boxes.size() - 1 : boxes.size();
        for (int i = 0; i < fragmentBoxes; i++) {
            BoxHeader h = boxes.get(i);
            if (h.type().equals("moof") || h.type().equals("moov")) ch.write(FREE.duplicate(), h.position() + 4);
        }
        ch.force(true);
    }

    private static void appendMoov(FileChannel ch, long end, long co64Threshold) throws IOException {
        FragmentIndex input;
        try {
            input = FragmentIndex.read(ch);
        } catch (IndexOutOfBoundsException e) { // a box shorter than its fields: a corrupt file
            throw new MediaFormatException("corrupt MP4: " + e.getMessage());
        }
        if (input.tracks.isEmpty()) throw new MediaFormatException("no track in moov");
        long last = 0;
        for (TrackSamples t : input.tracks) {
            t.trimToValid(end);
            for (TrackSamples.Chunk c : t.chunks) {
                c.relative = c.source; // the samples stay where they are
                if (c.count > 0) last = Math.max(last, c.source);
            }
        }
        ByteBuf moov = Mp4Finalizer.moov(input, 0, 0, last > co64Threshold, 0);
        try {
            ByteBuffer bb = moov.nioBuffer();
            long pos = end;
            while (bb.hasRemaining()) pos += ch.write(bb, pos);
        } finally {
            moov.release();
        }
    }

    /** The top-level boxes that lie wholly in the file, up to the first cut or unreadable one. */
    private static List<BoxHeader> completeBoxes(FileChannel ch) throws IOException {
        List<BoxHeader> out = new ArrayList<>();
        long size = ch.size();
        try {
            for (BoxHeader h = BoxHeader.read(ch, 0); h != null && h.completeIn(size); h = BoxHeader.read(ch, h.end())) {
                out.add(h);
            }
        } catch (MediaFormatException garbled) {
            // stop at the last good box
        }
        return out;
    }

    /** ftyp, moov(fragmented), ... , moov: the fragmented writer never ends a file with media in a moov. */
    private static boolean endsInTailMoov(List<BoxHeader> boxes) {
        return boxes.size() > 2 && boxes.get(boxes.size() - 1).type().equals("moov");
    }
}
