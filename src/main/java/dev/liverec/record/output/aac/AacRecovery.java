package dev.liverec.record.output.aac;

import dev.liverec.media.codec.AacConfig;
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
        byte[] b = Files.readAllBytes(p);
        int i = 0;
        long samples = 0;
        int rate = 0;
        while (i + 7 <= b.length && (b[i] & 0xff) == 0xff && (b[i + 1] & 0xf0) == 0xf0) {
            int len = ((b[i + 3] & 0x03) << 11) | ((b[i + 4] & 0xff) << 3) | ((b[i + 5] & 0xe0) >> 5);
            if (len < 7 || i + len > b.length) break;
            rate = AacConfig.SAMPLE_RATES[(b[i + 2] & 0x3c) >> 2];
            samples += 1024L * ((b[i + 6] & 0x03) + 1);
            i += len;
        }
        return new long[]{i, rate == 0 ? 0 : samples * 1000 / rate};
    }
}
