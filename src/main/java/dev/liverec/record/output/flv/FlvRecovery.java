package dev.liverec.record.output.flv;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.flv.FlvReader;
import dev.liverec.media.flv.FlvWriter;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat.RecoveredFile;
import dev.liverec.record.output.OutputFormat.RecoveryNamer;
import dev.liverec.record.recovery.RecoveryWalk;
import dev.liverec.control.RecordFormat;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Recovers FLV part files: re-reads their complete tags and writes them again, which rebuilds the metadata a crash never wrote. */
final class FlvRecovery {
    private FlvRecovery() {}

    static List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryWalk.recoverAll(dir, ".flv", namer, FlvRecovery::durationOf, (part, base) -> {
            Path tmp = dir.resolve(base + ".rewrite");
            long duration = rewrite(part, tmp);
            Files.delete(part);
            if (duration > 0) return new RecoveryWalk.Repaired(tmp, duration);
            Files.deleteIfExists(tmp);
            return null;
        });
    }

    /** Copies every complete tag of {@code from} through a new writer into {@code to}; returns the duration. */
    static long rewrite(Path from, Path to) throws IOException {
        var in = Unpooled.wrappedBuffer(Files.readAllBytes(from));
        try (FileSink sink = FileSink.create(to, FileSink.WriteObserver.NONE)) {
            FlvReader reader = new FlvReader(in);
            FlvWriter writer = null;
            boolean video = reader.headerHasVideo();
            boolean audio = reader.headerHasAudio();
            MediaPacket p;
            while ((p = reader.next()) != null) {
                try {
                    if (writer == null) writer = new FlvWriter(sink, video, audio, FlvWriter.Options.DEFAULT);
                    writer.write(p);
                } finally {
                    p.release();
                }
            }
            if (writer == null) return 0;
            long d = writer.durationMs();
            writer.close();
            sink.sync();
            return d;
        } finally {
            in.release();
        }
    }

    static long durationOf(Path p) throws IOException {
        var in = Unpooled.wrappedBuffer(Files.readAllBytes(p));
        try {
            FlvReader reader = new FlvReader(in);
            long first = Long.MIN_VALUE, last = 0;
            MediaPacket m;
            while ((m = reader.next()) != null) {
                if (!m.isSequenceHeader()) {
                    if (first == Long.MIN_VALUE) first = m.dts();
                    last = m.dts();
                }
                m.release();
            }
            return first == Long.MIN_VALUE ? 0 : last - first;
        } finally {
            in.release();
        }
    }
}
