package dev.liverec.record.output.hls;

import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.media.ts.TsRecovery;
import dev.liverec.record.output.OutputFormat.RecoveredFile;
import dev.liverec.record.output.OutputFormat.RecoveryNamer;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.recovery.RecoveryWalk;

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
 * Recovers the HLS playlists of a work directory, read with the playlist model that wrote them
 * ({@link HlsPlaylist#parse}). A part playlist gets the segment being written at the crash (cut to its whole
 * frames by {@link TsRecovery}), EXT-X-ENDLIST and its final name; a finished one is taken as it is.
 */
final class HlsRecovery {
    private HlsRecovery() {}

    static List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        List<RecoveredFile> out = new ArrayList<>();
        for (Path p : RecoveryWalk.list(dir, ".m3u8")) {
            if (p.getFileName().toString().startsWith(".")) continue; // a temp file of an unfinished rewrite
            String base = RecoveryWalk.stem(p, ".m3u8");
            boolean part = base.contains(OutputFormat.PART_MARK);
            HlsPlaylist listed = HlsPlaylist.parse(Files.readString(p, StandardCharsets.US_ASCII));
            HlsPlaylist playlist = new HlsPlaylist(listed.targetDuration(), listed.mediaSequence());
            List<Path> segs = new ArrayList<>();
            for (HlsPlaylist.Segment s : listed.segments()) {
                playlist.add(s);
                segs.add(dir.resolve(s.uri()).normalize());
            }
            long duration = listed.totalDurationMs();
            String segPrefix = base.replace(OutputFormat.PART_MARK, "") + "-";
            for (Path s : RecoveryWalk.list(dir, ".ts")) {
                if (!s.getFileName().toString().startsWith(segPrefix) || segs.contains(s)) continue;
                long ms = wholeFrames(s);
                if (ms <= 0 || !part) {
                    Files.delete(s);
                    continue;
                }
                // as the live writer caps it, so the playlist keeps its EXT-X-TARGETDURATION
                long listedMs = Math.min(ms, playlist.targetDuration() * 1000L + 499);
                playlist.add(new HlsPlaylist.Segment(s.getFileName().toString(), listedMs, null, false));
                segs.add(s);
                duration += ms;
            }
            if (segs.isEmpty()) {
                Files.delete(p);
                continue;
            }
            String stem = base;
            Path fin = p;
            if (part) {
                stem = namer.stem(base, duration);
                fin = dir.resolve(stem + ".m3u8");
                playlist.end();
                Path tmp = dir.resolve("." + stem + ".m3u8.tmp");
                Files.writeString(tmp, playlist.render(), StandardCharsets.US_ASCII);
                Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(p);
            }
            List<Path> files = new ArrayList<>();
            files.add(fin);
            files.addAll(segs);
            long size = 0;
            for (Path f : files) size += Files.size(f);
            out.add(new RecoveredFile(stem, part ? base : null, files, duration, size));
        }
        return out;
    }

    /** Cuts the segment being written at the crash to its whole frames; returns their duration (0: none). */
    private static long wholeFrames(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            TsRecovery.Result r = TsRecovery.scan(ch);
            if (r.durationMs() > 0) ch.truncate(r.validLength());
            return r.durationMs();
        }
    }
}
