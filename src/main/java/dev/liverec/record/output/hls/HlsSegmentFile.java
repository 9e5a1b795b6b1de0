package dev.liverec.record.output.hls;

import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** One MPEG-TS segment being written: its file, and the output time and wall-clock time of its first packet. */
final class HlsSegmentFile {
    private final Path path;
    private final FileSink sink;
    private long startOut = Long.MIN_VALUE;
    private Instant startWall;

    HlsSegmentFile(Path path, FileSink sink) {
        this.path = path;
        this.sink = sink;
    }

    Path path() { return path; }
    FileSink sink() { return sink; }
    String name() { return path.getFileName().toString(); }
    Instant startWall() { return startWall; }

    /** Has a packet been written to it (an empty one is dropped, never listed)? */
    boolean hasMedia() { return startOut != Long.MIN_VALUE; }

    /** A packet at output time {@code dts} is about to be written. */
    void writing(long dts, OutputFormat.WallClock wall) {
        if (hasMedia()) return;
        startOut = dts;
        startWall = wall.at(dts);
    }

    long bytes() { return sink.position(); }

    void closeAsync() throws IOException { sink.closeAsync(); }

    void close() throws IOException { sink.close(); }
}
