package dev.liverec.record.output.mp4;

import dev.liverec.media.probe.ContainerProbe;
import dev.liverec.record.output.OutputFormat.RecoveredFile;
import dev.liverec.record.output.OutputFormat.RecoveryNamer;
import dev.liverec.record.recovery.RecoveryWalk;
import dev.liverec.storage.DiskSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Recovers MP4 part files: the complete fragments of a fragmented part become a progressive file ({@code moov} at the
 * end when the disk has no room for a copy).
 */
final class Mp4Recovery {
    private Mp4Recovery() {}

    static List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryWalk.recoverAll(dir, ".mp4", namer, Mp4Recovery::finishedDuration, (part, base) -> {
            Path tmp = dir.resolve(base + ".progressive");
            long duration;
            try {
                duration = Mp4Output.finish(part, tmp, Mp4Output.FreeSpace.DISK);
            } catch (IOException | RuntimeException e) {
                if (DiskSpace.isNoSpace(e)) throw e; // the part stays for the next try
                duration = 0; // not even one complete fragment
            }
            Files.deleteIfExists(part);
            if (duration > 0) return new RecoveryWalk.Repaired(tmp, duration);
            Files.deleteIfExists(tmp);
            return null;
        });
    }

    private static long finishedDuration(Path p) {
        try {
            return ContainerProbe.mp4DurationMillis(p);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
