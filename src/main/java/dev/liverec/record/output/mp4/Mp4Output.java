package dev.liverec.record.output.mp4;

import dev.liverec.media.MediaWriter;
import dev.liverec.media.mp4.Mp4Finalizer;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.SingleFileOutput;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One fragmented MP4 file while recording, turned into a progressive MP4 with {@code moov} first at finish. */
final class Mp4Output extends SingleFileOutput {
    Mp4Output(FileSink sink, MediaWriter writer, Path part) {
        super(sink, writer, part, "mp4");
    }

    @Override
    protected Path complete(Path fragmented, String stem) throws IOException {
        Path fin = fragmented.resolveSibling(stem + ".mp4");
        finalizeTo(fragmented, fin);
        Files.delete(fragmented);
        return fin;
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
}
