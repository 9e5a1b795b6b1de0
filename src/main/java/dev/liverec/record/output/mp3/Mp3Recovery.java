package dev.liverec.record.output.mp3;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.codec.Mp3FrameHeader;
import dev.liverec.record.output.OutputFormat.RecoveredFile;
import dev.liverec.record.output.OutputFormat.RecoveryNamer;
import dev.liverec.record.recovery.RecoveryWalk;
import dev.liverec.media.mp3.Mp3Writer;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Recovers MP3 part files: like ADTS the stream needs no index, so only a torn last frame is cut. */
public final class Mp3Recovery {
    private Mp3Recovery() {}

    static List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryWalk.recoverAll(dir, ".mp3", namer, p -> scan(p).durationMillis(), (part, base) -> {
            Scan scan = scan(part);
            if (scan.wholeFrameBytes() == 0) {
                Files.delete(part);
                return null;
            }
            try (var ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.truncate(scan.wholeFrameBytes());
                ch.force(true);
            }
            return new RecoveryWalk.Repaired(part, scan.durationMillis());
        });
    }

    /** The leading run of whole, well-formed frames of a file and their duration. */
    public record Scan(long wholeFrameBytes, long durationMillis, int frames) {}

    public static Scan scan(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int i = 0;
        int frames = 0;
        double seconds = 0;
        while (i + 4 <= b.length) {
            int h = ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            Mp3FrameHeader f;
            try {
                f = Mp3FrameHeader.parse(h);
            } catch (MediaFormatException e) {
                break; // the writer only wrote frames, so this is where the crash cut the file
            }
            if (f.frameLength() < 4 || i + f.frameLength() > b.length) break;
            i += f.frameLength();
            frames++;
            seconds += (double) f.samplesPerFrame() / f.sampleRate();
        }
        return new Scan(i, Math.round(seconds * 1000), frames);
    }
}
