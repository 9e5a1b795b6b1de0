package dev.liverec.record;

import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.media.mp4.Mp4Finalizer;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * MP4: fragmented while recording ({@code moof}+{@code mdat} every {@code mp4FragmentMillis}, so a crash loses
 * at most one fragment), turned into a progressive MP4 with {@code moov} first by {@link Mp4Finalizer} at close,
 * and by recovery for a part file a crash left behind.
 */
final class Mp4OutputFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.MP4; }

    @Override
    public FormatOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        Path part = dir.resolve(partName + ".mp4");
        FileSink sink = files.create(part);
        FragmentedMp4Writer writer = new FragmentedMp4Writer(sink, tracks.videoCodec(), tracks.audioCodec(),
                settings.mp4FragmentMillis());
        if (tracks.hasVideo()) FlvOutputFormat.writeHeader(writer, tracks.videoHeader());
        if (tracks.audioHeader() != null) FlvOutputFormat.writeHeader(writer, tracks.audioHeader());
        return new FileOutput(sink, writer, part, "mp4") {
            @Override
            protected Path complete(Path fragmented, String stem) throws IOException {
                Path fin = fragmented.resolveSibling(stem + ".mp4");
                finalizeTo(fragmented, fin);
                Files.delete(fragmented);
                return fin;
            }
        };
    }

    private static long finishedDuration(Path p) {
        try {
            return dev.liverec.media.probe.ContainerProbe.mp4DurationMillis(p);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** @return the duration in ms (0 = nothing playable) */
    static long finalizeTo(Path fragmented, Path progressive) throws IOException {
        try (FileChannel in = FileChannel.open(fragmented, StandardOpenOption.READ);
             FileSink out = FileSink.create(progressive, FileSink.WriteObserver.NONE)) {
            long d = Mp4Finalizer.finalize(in, out).durationMs();
            out.sync();
            return d;
        }
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryFiles.recoverAll(dir, ".mp4", namer, Mp4OutputFormat::finishedDuration, (part, base) -> {
            Path tmp = dir.resolve(base + ".progressive");
            long duration;
            try {
                duration = finalizeTo(part, tmp);
            } catch (IOException | RuntimeException e) {
                duration = 0; // not even one complete fragment
            }
            Files.delete(part);
            if (duration > 0) return new RecoveryFiles.Repaired(tmp, duration);
            Files.deleteIfExists(tmp);
            return null;
        });
    }
}
