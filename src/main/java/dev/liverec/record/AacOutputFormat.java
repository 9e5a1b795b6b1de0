package dev.liverec.record;

import dev.liverec.media.Codec;
import dev.liverec.media.adts.AdtsWriter;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * AAC audio-only files: raw AAC frames behind ADTS headers built from the AudioSpecificConfig. ADTS needs no
 * index, so recovery only cuts a torn last frame.
 */
final class AacOutputFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.AAC; }

    @Override
    public boolean wantsVideo() { return false; }

    @Override
    public Codec audioCodec() { return Codec.AAC; }

    @Override
    public FormatOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        if (tracks.audioCodec() != Codec.AAC) throw new IOException("AAC recording of " + tracks.audioCodec() + " audio");
        Path part = dir.resolve(partName + ".aac");
        FileSink sink = files.create(part);
        AdtsWriter writer = new AdtsWriter(sink);
        writer.write(tracks.audioHeader()); // the writer builds every ADTS header from this config
        return new FileOutput(sink, writer, part, "aac");
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryFiles.recoverAll(dir, ".aac", namer, p -> scan(p)[1], (part, base) -> {
            long[] scan = scan(part);
            if (scan[0] == 0) {
                Files.delete(part);
                return null;
            }
            try (var ch = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(scan[0]);
            }
            return new RecoveryFiles.Repaired(part, scan[1]);
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
