package dev.liverec.record.output.mp3;

import dev.liverec.media.Codec;
import dev.liverec.media.mp3.Mp3Writer;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.SingleFileOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MP3 audio-only files ({@code Mp3Param}): the MPEG audio frames of an MP3 stream as they came, each with its own
 * header, no ID3 or Xing frame. Recovery: {@link Mp3Recovery}.
 */
public final class Mp3Format implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.MP3; }

    @Override
    public boolean wantsVideo() { return false; }

    @Override
    public Codec audioCodec() { return Codec.MP3; }

    @Override
    public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        if (tracks.audioCodec() != Codec.MP3) {
            throw new IOException("MP3 recording of " + tracks.audioCodec() + " audio");
        }
        Path part = dir.resolve(partName + ".mp3");
        FileSink sink = files.create(part);
        return new SingleFileOutput(sink, new Mp3Writer(sink), part, "mp3");
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return Mp3Recovery.recover(dir, namer);
    }
}
