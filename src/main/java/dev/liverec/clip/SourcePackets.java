package dev.liverec.clip;

import dev.liverec.control.RecordFormat;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.flv.FlvReader;
import dev.liverec.media.mp4.Mp4Demuxer;
import dev.liverec.media.probe.TrackFacts;
import dev.liverec.media.ts.TsDemuxer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

/**
 * Feeds the packets of one source recording to a {@link KeyframeCut}, dated in wall-clock ms: the file's start
 * (from its index row) plus the media time since its first frame. FLV through {@code FlvReader}, MP4 through
 * {@code Mp4Demuxer}, HLS segments through one {@code TsDemuxer} (their time base runs on from segment to segment). Files are memory-mapped; the
 * mappings go to {@code mappings} because payload slices point into them until the clip's writer is closed.
 */
final class SourcePackets {
    private final KeyframeCut cut;
    private final long fileStart;
    private long firstDts = Long.MIN_VALUE;

    private SourcePackets(KeyframeCut cut, long fileStart) {
        this.cut = cut;
        this.fileStart = fileStart;
    }

    /** Whether {@link #read} can read these tracks in this format: {@code TsDemuxer} reads H.264 video only. */
    static boolean readable(RecordFormat format, TrackFacts tracks) {
        return format != RecordFormat.HLS || tracks.video() == null || tracks.video() == Codec.H264;
    }

    /** Whether {@link #read} can read this format. */
    static boolean readable(RecordFormat format) {
        return format == RecordFormat.FLV || format == RecordFormat.HLS || format == RecordFormat.MP4;
    }

    /**
     * Reads the file's media (see {@link SourceFiles#of}); false when the clip must end here (a decoder configuration
     * changed, or the media cannot be read on).
     */
    static boolean read(RecordFormat format, List<Path> media, SourceFiles files, long fileStart, KeyframeCut cut,
                        List<Object> mappings) throws IOException {
        SourcePackets s = new SourcePackets(cut, fileStart);
        try {
            if (format != RecordFormat.HLS) {
                ByteBuf file = map(media.get(0), mappings);
                Supplier<MediaPacket> reader = format == RecordFormat.FLV ? new FlvReader(file)::next : new Mp4Demuxer(file)::next;
                for (MediaPacket p; !cut.done() && (p = reader.get()) != null; ) s.offer(p);
                files.readDone(media.get(0));
                return true;
            }
            TsDemuxer demuxer = new TsDemuxer();
            for (int i = 0; i < media.size() && !cut.done(); i++) {
                s.offerAll(demuxer.feed(map(media.get(i), mappings)));
                files.readDone(media.get(i));
            }
            s.offerAll(demuxer.flush());
            return true;
        } catch (MediaFormatException e) {
            return false;
        }
    }

    private static ByteBuf map(Path path, List<Object> mappings) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) throw new IOException("source over 2 GiB: " + path.getFileName());
            var map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            mappings.add(map);
            return Unpooled.wrappedBuffer(map);
        }
    }

    private void offerAll(List<MediaPacket> packets) throws IOException {
        int i = 0;
        try {
            for (; i < packets.size(); i++) offer(packets.get(i));
        } finally {
            for (i++; i < packets.size(); i++) packets.get(i).release(); // after an exception, the rest
        }
    }

    /** Dates and offers one packet, then releases it. */
    private void offer(MediaPacket p) throws IOException {
        try {
            if (firstDts == Long.MIN_VALUE && !p.isSequenceHeader()) firstDts = p.dts();
            cut.accept(p, fileStart + p.dts() - (firstDts == Long.MIN_VALUE ? p.dts() : firstDts));
        } finally {
            p.release();
        }
    }
}
