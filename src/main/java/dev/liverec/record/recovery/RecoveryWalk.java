package dev.liverec.record.recovery;

import dev.liverec.record.output.OutputFormat.RecoveredFile;
import dev.liverec.record.output.OutputFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recovery walk the single-file formats share, and the listing it uses (HLS too). */
public final class RecoveryWalk {
    private RecoveryWalk() {}

    /** Duration of a finished file in ms. */
    public interface Duration {
        long of(Path file) throws IOException;
    }

    /**
     * Makes a part file playable: returns the file to keep (the part itself or a rewritten copy) and its duration,
     * or null when nothing was playable (the repair then removed what it wrote and the part).
     */
    public interface Repair {
        Repaired repair(Path part, String base) throws IOException;
    }

    public record Repaired(Path file, long durationMillis) {}

    /**
     * Every {@code extension} file of {@code dir}: finished ones (no part mark) as they are, part files repaired and
     * renamed to their final stem.
     */
    public static List<RecoveredFile> recoverAll(Path dir, String extension, OutputFormat.RecoveryNamer namer,
                                          Duration finished, Repair repair) throws IOException {
        List<RecoveredFile> out = new ArrayList<>();
        for (Path p : list(dir, extension)) {
            String base = stem(p, extension);
            if (!base.contains(OutputFormat.PART_MARK)) { // finished, not yet committed
                out.add(new RecoveredFile(base, null, List.of(p), finished.of(p), Files.size(p)));
                continue;
            }
            Repaired r = repair.repair(p, base);
            if (r == null) continue;
            String stem = namer.stem(base, r.durationMillis());
            Path fin = dir.resolve(stem + extension);
            Files.move(r.file(), fin);
            out.add(new RecoveredFile(stem, base, List.of(fin), r.durationMillis(), Files.size(fin)));
        }
        return out;
    }

    public static List<Path> list(Path dir, String extension) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(extension) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    public static String stem(Path p, String extension) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - extension.length());
    }
}
