package dev.liverec.record.output;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A single-file output: one {@link MediaWriter} over one {@link FileSink}, renamed to its stem at finish. */
public class SingleFileOutput implements RecordOutput {
    private final FileSink sink;
    private final MediaWriter writer;
    private final Path part;
    private final String extension;

    public SingleFileOutput(FileSink sink, MediaWriter writer, Path part, String extension) {
        this.sink = sink;
        this.writer = writer;
        this.part = part;
        this.extension = extension;
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        writer.write(p, dts, pts); // rebased without a packet per frame
    }

    @Override
    public long bytesWritten() { return sink.position(); }

    @Override
    public void flush() throws IOException { sink.flush(); }

    @Override
    public List<Path> finish(String stem) throws IOException {
        writer.close();
        sink.sync();
        sink.close();
        return List.of(complete(part, stem));
    }

    /** Gives the closed file its final name (and form). */
    protected Path complete(Path closed, String stem) throws IOException {
        Path fin = closed.resolveSibling(stem + "." + extension);
        Files.move(closed, fin);
        return fin;
    }

    @Override
    public void abort() {
        writer.abandon(); // frees packets an MP4 fragment held
        sink.abandon(); // the file stays for recovery
    }
}
