package dev.liverec.record.output.aac;

import dev.liverec.media.adts.AdtsFrames;
import dev.liverec.record.output.OutputFormat.RecoveredFile;
import dev.liverec.record.output.OutputFormat.RecoveryNamer;
import dev.liverec.record.recovery.RecoveryWalk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Recovers ADTS part files: ADTS needs no index, so only a torn last frame is cut. */
final class AacRecovery {
    private AacRecovery() {}

    static List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryWalk.recoverAll(dir, ".aac", namer, p -> scan(p)[1], (part, base) -> {
            long[] scan = scan(part);
            if (scan[0] == 0) {
                Files.delete(part);
                return null;
            }
            try (var ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.truncate(scan[0]);
            }
            return new RecoveryWalk.Repaired(part, scan[1]);
        });
    }

    /** @return {bytes of complete frames, duration ms} */
    static long[] scan(Path p) throws IOException {
        AdtsFrames.Run run = AdtsFrames.scan(Files.readAllBytes(p));
        return new long[]{run.wholeFrameBytes(), run.durationMillis()};
    }
}
