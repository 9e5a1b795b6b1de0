package dev.liverec.record;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.codec.Mp3FrameHeader;
import dev.liverec.media.mp3.Mp3Writer;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * MP3 audio-only files ({@code Mp3Param}): the MPEG audio frames of an MP3 stream as they came, each with its own
 * header, no ID3 or Xing frame. Like ADTS the stream needs no index, so recovery only cuts a torn last frame.
 */
final class Mp3OutputFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.MP3; }

    @Override
    public boolean wantsVideo() { return false; }

    @Override
    public Codec audioCodec() { return Codec.MP3; }

    @Override
    public FormatOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        if (tracks.audioCodec() != Codec.MP3) {
            throw new IOException("MP3 recording of " + tracks.audioCodec() + " audio");
        }
        Path part = dir.resolve(partName + ".mp3");
        FileSink sink = files.create(part);
        return new FileOutput(sink, new Mp3Writer(sink), part, "mp3");
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return RecoveryFiles.recoverAll(dir, ".mp3", namer, p -> scan(p).durationMillis(), (part, base) -> {
            Scan scan = scan(part);
            if (scan.wholeFrameBytes() == 0) {
                Files.delete(part);
                return null;
            }
            try (var ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.truncate(scan.wholeFrameBytes());
                ch.force(true);
            }
            return new RecoveryFiles.Repaired(part, scan.durationMillis());
        });
    }

    /** The leading run of whole, well-formed frames of a file and their duration. */
    record Scan(long wholeFrameBytes, long durationMillis, int frames) {}

    static Scan scan(Path p) throws IOException {
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
