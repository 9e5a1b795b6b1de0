package dev.liverec.record;

import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare FLV output (H.264 + AAC tags, no metadata) used to test the engine independently of the media package's
 * writers; recovery just renames part files.
 */
final class TestFlvFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.FLV; }

    @Override
    public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        Path part = dir.resolve(partName + ".flv");
        FileSink sink = files.create(part);
        sink.write(new byte[]{'F', 'L', 'V', 1, (byte) ((tracks.hasAudio() ? 4 : 0) | (tracks.hasVideo() ? 1 : 0)),
                0, 0, 0, 9, 0, 0, 0, 0});
        if (tracks.hasVideo()) tag(sink, tracks.videoHeader(), 0, 0);
        if (tracks.audioHeader() != null) tag(sink, tracks.audioHeader(), 0, 0);
        return new RecordOutput() {
            @Override
            public void write(MediaPacket p, long dts, long pts) throws IOException {
                tag(sink, p, dts, pts);
            }

            @Override
            public long bytesWritten() { return sink.position(); }

            @Override
            public void flush() throws IOException { sink.flush(); }

            @Override
            public List<Path> finish(String stem) throws IOException {
                sink.sync();
                sink.close();
                Path fin = dir.resolve(stem + ".flv");
                Files.move(part, fin);
                return List.of(fin);
            }

            @Override
            public void abort() {
                try {
                    sink.close();
                } catch (IOException ignored) {
                    // recovery deals with it
                }
            }
        };
    }

    static void tag(FileSink sink, MediaPacket p, long dts, long pts) throws IOException {
        int bodyLen = p.size() + (p.isVideo() ? 5 : 2);
        byte[] h = new byte[11 + (p.isVideo() ? 5 : 2)];
        h[0] = (byte) (p.isVideo() ? 9 : 8);
        h[1] = (byte) (bodyLen >> 16); h[2] = (byte) (bodyLen >> 8); h[3] = (byte) bodyLen;
        h[4] = (byte) (dts >> 16); h[5] = (byte) (dts >> 8); h[6] = (byte) dts; h[7] = (byte) (dts >> 24);
        if (p.isVideo()) {
            int cts = (int) (pts - dts);
            h[11] = (byte) (((p.isKeyframe() || p.isSequenceHeader()) ? 0x10 : 0x20) | 7);
            h[12] = (byte) (p.isSequenceHeader() ? 0 : 1);
            h[13] = (byte) (cts >> 16); h[14] = (byte) (cts >> 8); h[15] = (byte) cts;
        } else {
            h[11] = (byte) 0xAF;
            h[12] = (byte) (p.isSequenceHeader() ? 0 : 1);
        }
        sink.write(h);
        sink.write(p.payload());
        int prev = 11 + bodyLen;
        sink.write(new byte[]{(byte) (prev >> 24), (byte) (prev >> 16), (byte) (prev >> 8), (byte) prev});
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        List<RecoveredFile> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".flv")).sorted().toList()) {
                String fn = p.getFileName().toString();
                String base = fn.substring(0, fn.length() - 4);
                long duration = lastTimestamp(p);
                if (duration <= 0) { // nothing but headers reached the disk
                    Files.delete(p);
                    continue;
                }
                if (base.contains(PART_MARK)) {
                    String stem = namer.stem(base, duration);
                    Path fin = dir.resolve(stem + ".flv");
                    Files.move(p, fin);
                    out.add(new RecoveredFile(stem, base, List.of(fin), duration, Files.size(fin)));
                } else {
                    out.add(new RecoveredFile(base, null, List.of(p), duration, Files.size(p)));
                }
            }
        }
        return out;
    }

    /** Scans the tags; a torn last tag is cut off. */
    static long lastTimestamp(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int i = 13;
        long last = 0;
        int good = 13;
        while (i + 11 <= b.length) {
            int len = ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (i + 11 + len + 4 > b.length) break;
            last = ((b[i + 7] & 0xffL) << 24) | ((b[i + 4] & 0xffL) << 16) | ((b[i + 5] & 0xffL) << 8) | (b[i + 6] & 0xffL);
            i += 11 + len + 4;
            good = i;
        }
        if (good < b.length) {
            try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(good);
            }
        }
        return last;
    }
}
