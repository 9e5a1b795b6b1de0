package dev.liverec.record;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.media.hls.HlsSegmenter;
import dev.liverec.media.ts.TsMuxer;
import dev.liverec.media.ts.TsRecovery;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * HLS: MPEG-TS segments cut on keyframes at the configured target ({@link HlsSegmenter}), an EVENT playlist
 * rewritten atomically (temp file + rename) after every segment, EXT-X-PROGRAM-DATE-TIME per segment,
 * EXT-X-DISCONTINUITY after a re-push or a timestamp break, EXT-X-ENDLIST at the end. While recording the
 * playlist is {@code <part>.m3u8}; segments are {@code <part base>-NNNNN.ts} and keep their names.
 */
final class HlsOutputFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.HLS; }

    @Override
    public FormatOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        return new HlsOutput(dir, partName, tracks, Math.max(1, settings.hlsSegmentMillis() / 1000), wall, files);
    }

    static final class HlsOutput implements FormatOutput {
        private final Path dir;
        private final String partName;
        private final String segmentBase;
        private final int target;
        private final WallClock wall;
        private final FileSink.Opener files;
        private final SerialIo io;
        private final HlsPlaylist playlist;
        private final List<Path> segments = new ArrayList<>();
        private Tracks tracks;
        private TsMuxer muxer;
        private HlsSegmenter segmenter;
        private FileSink segment;
        private Instant segmentWall;
        private long segmentStartOut = Long.MIN_VALUE;
        private boolean nextDiscontinuity;
        private long closedBytes;

        HlsOutput(Path dir, String partName, Tracks tracks, int target, WallClock wall, FileSink.Opener files)
                throws IOException {
            this.dir = dir;
            this.partName = partName;
            this.segmentBase = partName.replace(PART_MARK, "");
            this.target = target;
            this.wall = wall;
            this.files = files;
            this.io = files.serial(); // segments and playlist renames in one ordered queue
            this.playlist = new HlsPlaylist(target);
            startMuxer(tracks);
            writePlaylist(partName + ".m3u8");
        }

        private void startMuxer(Tracks t) throws IOException {
            this.tracks = t;
            segment = newSegmentFile();
            muxer = new TsMuxer(segment, t.videoCodec(), t.audioCodec());
            segmenter = new HlsSegmenter(target, t.hasVideo());
            if (t.hasVideo()) FlvOutputFormat.writeHeader(muxer, t.videoHeader());
            if (t.audioHeader() != null) FlvOutputFormat.writeHeader(muxer, t.audioHeader());
        }

        private FileSink newSegmentFile() throws IOException {
            Path p = dir.resolve(String.format("%s-%05d.ts", segmentBase, segments.size() + 1));
            segments.add(p);
            segmentStartOut = Long.MIN_VALUE;
            return files.create(p, io);
        }

        @Override
        public void write(MediaPacket p, long dts, long pts) throws IOException {
            if (segmenter.next(p, dts) != HlsSegmenter.Cut.NONE) {
                closeSegment(segmenter.lastSegmentMs());
                segment = newSegmentFile();
                muxer.startSegment(segment);
            }
            if (segmentStartOut == Long.MIN_VALUE) {
                segmentStartOut = dts;
                segmentWall = wall.at(dts);
            }
            muxer.write(p, dts, pts);
        }

        private void closeSegment(long durationMs) throws IOException {
            closedBytes += segment.position();
            segment.closeAsync();
            Path p = segments.get(segments.size() - 1);
            playlist.add(new HlsPlaylist.Segment(p.getFileName().toString(), Math.min(durationMs, target * 1000L + 499),
                    segmentWall, nextDiscontinuity));
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
            if (segmentStartOut != Long.MIN_VALUE) {
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
        public long bytesWritten() { return closedBytes + segment.position(); }

        @Override
        public void flush() throws IOException { segment.flush(); }

        @Override
        public List<Path> finish(String stem) throws IOException {
            if (segmentStartOut != Long.MIN_VALUE) {
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
            List<Path> files = new ArrayList<>();
            files.add(dir.resolve(stem + ".m3u8"));
            files.addAll(segments);
            return files;
        }

        @Override
        public void abort() {
            try {
                segment.close();
            } catch (IOException ignored) {
                // recovery deals with it
            }
        }
    }

    static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Part playlists get the segment being written at the crash (cut to its whole frames by {@link TsRecovery}),
     * EXT-X-ENDLIST and their final name.
     */
    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        List<RecoveredFile> out = new ArrayList<>();
        for (Path p : RecoveryFiles.list(dir, ".m3u8")) {
            String base = RecoveryFiles.stem(p, ".m3u8");
            if (p.getFileName().toString().startsWith(".")) continue;
            List<String> lines = Files.readAllLines(p, StandardCharsets.US_ASCII);
            List<Path> segs = new ArrayList<>();
            long duration = 0;
            for (String l : lines) {
                if (l.startsWith("#EXTINF:")) duration += Math.round(Double.parseDouble(l.substring(8, l.indexOf(','))) * 1000);
                else if (!l.isBlank() && !l.startsWith("#")) segs.add(dir.resolve(l.trim()).normalize());
            }
            String segPrefix = base.replace(PART_MARK, "") + "-";
            List<String> tail = new ArrayList<>();
            for (Path s : RecoveryFiles.list(dir, ".ts")) {
                if (!s.getFileName().toString().startsWith(segPrefix) || segs.contains(s)) continue;
                // the segment being written at the crash: keep its whole frames
                TsRecovery.Result r;
                try (FileChannel ch = FileChannel.open(s, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    r = TsRecovery.scan(ch);
                    if (r.durationMs() > 0) ch.truncate(r.validLength());
                }
                if (r.durationMs() <= 0 || !base.contains(PART_MARK)) {
                    Files.delete(s);
                    continue;
                }
                tail.add(String.format(java.util.Locale.ROOT, "#EXTINF:%d.%03d,", r.durationMs() / 1000,
                        r.durationMs() % 1000));
                tail.add(s.getFileName().toString());
                segs.add(s);
                duration += r.durationMs();
            }
            if (segs.isEmpty()) {
                Files.delete(p);
                continue;
            }
            String stem = base;
            Path fin = p;
            if (base.contains(PART_MARK)) {
                stem = namer.stem(base, duration);
                fin = dir.resolve(stem + ".m3u8");
                List<String> all = new ArrayList<>(lines);
                all.removeIf(l -> l.startsWith("#EXT-X-ENDLIST") || l.isBlank());
                all.addAll(tail);
                all.add("#EXT-X-ENDLIST");
                String text = String.join("\n", all) + "\n";
                Path tmp = dir.resolve("." + stem + ".m3u8.tmp");
                Files.writeString(tmp, text, StandardCharsets.US_ASCII);
                Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(p);
            }
            List<Path> files = new ArrayList<>();
            files.add(fin);
            files.addAll(segs);
            long size = 0;
            for (Path f : files) size += Files.size(f);
            out.add(new RecoveredFile(stem, base.contains(PART_MARK) ? base : null, files, duration, size));
        }
        return out;
    }
}
