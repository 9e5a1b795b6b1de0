package dev.liverec.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Listing helpers for recovery. */
final class RecoveryFiles {
    private RecoveryFiles() {}

    static List<Path> list(Path dir, String extension) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(extension) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    static String stem(Path p, String extension) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - extension.length());
    }
}
