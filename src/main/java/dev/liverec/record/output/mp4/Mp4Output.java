package dev.liverec.record.output.mp4;

import dev.liverec.media.MediaWriter;
import dev.liverec.media.mp4.MoovAtEnd;
import dev.liverec.media.mp4.Mp4Finalizer;
import dev.liverec.media.probe.ContainerProbe;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.SingleFileOutput;
import dev.liverec.storage.DiskSpace;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fragmented MP4 file while recording, made progressive at finish: {@code moov} first by a copy when the disk
 * has room for it, else (a full disk, issue 10 D4) with {@code moov} at the end, in place ({@link MoovAtEnd}).
 */
final class Mp4Output extends SingleFileOutput {
    private static final Logger LOG = LoggerFactory.getLogger(Mp4Output.class);
    /** Room the moov-first copy leaves besides the file itself; below it the file is finished in place. */
    static final long COPY_MARGIN = 8L << 20;

    /** Usable bytes on the disk holding a file. */
    interface FreeSpace {
        long of(Path file) throws IOException;

        FreeSpace DISK = file -> Files.getFileStore(file).getUsableSpace();
    }

    private final FreeSpace free;

    Mp4Output(FileSink sink, MediaWriter writer, Path part, FreeSpace free) {
        super(sink, writer, part, "mp4");
        this.free = free;
    }

    @Override
    protected Path complete(Path fragmented, String stem) throws IOException {
        Path fin = fragmented.resolveSibling(stem + ".mp4");
        finish(fragmented, fin, free);
        return fin;
    }

    /**
     * Turns {@code fragmented} into the progressive {@code fin} and removes it. A copy that hits ENOSPC is dropped
     * and the file finished in place.
     *
     * @return the duration in ms (0 = nothing playable)
     */
    static long finish(Path fragmented, Path fin, FreeSpace free) throws IOException {
        boolean begunInPlace;
        try (FileChannel ch = FileChannel.open(fragmented, StandardOpenOption.READ)) {
            begunInPlace = MoovAtEnd.begun(ch);
        }
        long usable = free.of(fragmented);
        if (!begunInPlace && usable >= Files.size(fragmented) + COPY_MARGIN) {
            try {
                long d = finalizeTo(fragmented, fin);
                Files.delete(fragmented);
                return d;
            } catch (IOException e) {
                if (!DiskSpace.isNoSpace(e)) throw e;
                Files.deleteIfExists(fin);
            }
        }
        LOG.info("{}: finished in place, moov at the end ({} bytes free for a {} byte file)", fin.getFileName(),
                usable, Files.size(fragmented));
        try (FileChannel ch = FileChannel.open(fragmented, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MoovAtEnd.finish(ch);
        }
        Files.move(fragmented, fin);
        return ContainerProbe.mp4DurationMillis(fin);
    }

    /** @return the duration in ms (0 = nothing playable) */
    private static long finalizeTo(Path fragmented, Path progressive) throws IOException {
        try (FileChannel in = FileChannel.open(fragmented, StandardOpenOption.READ);
             FileSink out = FileSink.create(progressive, FileSink.WriteObserver.NONE)) {
            long d = Mp4Finalizer.finalize(in, out).durationMs();
            out.sync();
            return d;
        }
    }
}
