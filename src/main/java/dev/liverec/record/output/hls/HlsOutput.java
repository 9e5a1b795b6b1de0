package dev.liverec.record.output.hls;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.media.hls.HlsSegmenter;
import dev.liverec.media.ts.TsMuxer;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.SequenceHeaders;
import dev.liverec.record.output.SerialIo;
import dev.liverec.record.output.Tracks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One HLS playlist of a recording: MPEG-TS segments cut on keyframes at the configured target
 * ({@link HlsSegmenter}), an EVENT playlist rewritten atomically (temp file + rename) after every segment,
 * EXT-X-PROGRAM-DATE-TIME per segment, EXT-X-DISCONTINUITY after a re-push or a timestamp break, EXT-X-ENDLIST at
 * the end. While recording the playlist is {@code <part>.m3u8}; segments are {@code <part base>-NNNNN.ts} and keep
 * their names.
 */
final class HlsOutput implements RecordOutput {
    private final Path dir;
    private final String partName;
    private final String segmentBase;
    private final int target;
    private final OutputFormat.WallClock wall;
    private final FileSink.Opener files;
    private final SerialIo io;
    private final HlsPlaylist playlist;
    private final List<Path> segments = new ArrayList<>();
    private TsMuxer muxer;
    private HlsSegmenter segmenter;
    private HlsSegmentFile segment;
    private boolean nextDiscontinuity;
    private long closedBytes;

    HlsOutput(Path dir, String partName, Tracks tracks, int target, OutputFormat.WallClock wall, FileSink.Opener files)
            throws IOException {
        this.dir = dir;
        this.partName = partName;
        this.segmentBase = partName.replace(OutputFormat.PART_MARK, "");
        this.target = target;
        this.wall = wall;
        this.files = files;
        this.io = files.serial(); // segments and playlist renames in one ordered queue
        this.playlist = new HlsPlaylist(target);
        startMuxer(tracks);
        writePlaylist(partName + ".m3u8");
    }

    private void startMuxer(Tracks t) throws IOException {
        segment = newSegment();
        muxer = new TsMuxer(segment.sink(), t.videoCodec(), t.audioCodec());
        segmenter = new HlsSegmenter(target, t.hasVideo());
        SequenceHeaders.write(muxer, t);
    }

    private HlsSegmentFile newSegment() throws IOException {
        Path p = dir.resolve(String.format("%s-%05d.ts", segmentBase, segments.size() + 1));
        segments.add(p);
        return new HlsSegmentFile(p, files.create(p, io));
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (segmenter.next(p, dts) != HlsSegmenter.Cut.NONE) {
            closeSegment(segmenter.lastSegmentMs());
            segment = newSegment();
            muxer.startSegment(segment.sink());
        }
        segment.writing(dts, wall);
        muxer.write(p, dts, pts);
    }

    private void closeSegment(long durationMs) throws IOException {
        closedBytes += segment.bytes();
        segment.closeAsync();
        playlist.add(new HlsPlaylist.Segment(segment.name(), Math.min(durationMs, target * 1000L + 499),
                segment.startWall(), nextDiscontinuity));
        nextDiscontinuity = false;
        writePlaylist(partName + ".m3u8");
    }

    /**
     * Writes the playlist next to its final name and renames it over, so a reader never sees half of one; queued
     * after the segment it lists, so it never names a segment still being written.
     */
    private void writePlaylist(String name) throws IOException {
        byte[] text = playlist.render().getBytes(StandardCharsets.US_ASCII);
        SerialIo.Task t = () -> {
            long t0 = System.nanoTime();
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.write(tmp, text);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            files.observer().written(text.length, System.nanoTime() - t0);
        };
        if (io == null) t.run();
        else io.submit(text.length, t);
    }

    @Override
    public void discontinuity(Tracks next) throws IOException {
        if (segment.hasMedia()) {
            closeSegment(segmenter.currentSegmentMs());
        } else {
            segment.closeAsync();
            Path empty = segments.remove(segments.size() - 1);
            if (io == null) Files.deleteIfExists(empty);
            else io.submit(0, () -> Files.deleteIfExists(empty));
        }
        muxer.close();
        nextDiscontinuity = true;
        startMuxer(next);
    }

    @Override
    public long bytesWritten() { return closedBytes + segment.bytes(); }

    @Override
    public void flush() throws IOException { segment.sink().flush(); }

    @Override
    public List<Path> finish(String stem) throws IOException {
        if (segment.hasMedia()) {
            muxer.close();
            closeSegment(segmenter.currentSegmentMs());
        } else {
            segment.close();
            Files.deleteIfExists(segments.remove(segments.size() - 1));
        }
        playlist.end();
        writePlaylist(stem + ".m3u8");
        if (io != null) io.awaitIdle();
        for (Path s : segments) force(s);
        force(dir.resolve(stem + ".m3u8"));
        Files.deleteIfExists(dir.resolve(partName + ".m3u8"));
        List<Path> out = new ArrayList<>();
        out.add(dir.resolve(stem + ".m3u8"));
        out.addAll(segments);
        return out;
    }

    private static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override
    public void abort() {
        segment.sink().abandon(); // recovery deals with it
    }
}
