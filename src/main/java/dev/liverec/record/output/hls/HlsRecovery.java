package dev.liverec.record.output.hls;

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

/** Recovers the HLS playlists of a work directory. */
final class HlsRecovery {
    private HlsRecovery() {}

    /**
     * Part playlists get the segment being written at the crash (cut to its whole frames by {@link TsRecovery}),
     * EXT-X-ENDLIST and their final name.
     */
    static List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        List<RecoveredFile> out = new ArrayList<>();
        for (Path p : RecoveryWalk.list(dir, ".m3u8")) {
            String base = RecoveryWalk.stem(p, ".m3u8");
            if (p.getFileName().toString().startsWith(".")) continue;
            List<String> lines = Files.readAllLines(p, StandardCharsets.US_ASCII);
            List<Path> segs = new ArrayList<>();
            long duration = 0;
            for (String l : lines) {
                if (l.startsWith("#EXTINF:")) duration += Math.round(Double.parseDouble(l.substring(8, l.indexOf(','))) * 1000);
                else if (!l.isBlank() && !l.startsWith("#")) segs.add(dir.resolve(l.trim()).normalize());
            }
            String segPrefix = base.replace(OutputFormat.PART_MARK, "") + "-";
            List<String> tail = new ArrayList<>();
            for (Path s : RecoveryWalk.list(dir, ".ts")) {
                if (!s.getFileName().toString().startsWith(segPrefix) || segs.contains(s)) continue;
                // the segment being written at the crash: keep its whole frames
                TsRecovery.Result r;
                try (FileChannel ch = FileChannel.open(s, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    r = TsRecovery.scan(ch);
                    if (r.durationMs() > 0) ch.truncate(r.validLength());
                }
                if (r.durationMs() <= 0 || !base.contains(OutputFormat.PART_MARK)) {
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
            if (base.contains(OutputFormat.PART_MARK)) {
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
            out.add(new RecoveredFile(stem, base.contains(OutputFormat.PART_MARK) ? base : null, files, duration, size));
        }
        return out;
    }
}
