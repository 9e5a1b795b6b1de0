package dev.liverec.record.output.aac;

import dev.liverec.media.Codec;
import dev.liverec.media.adts.AdtsWriter;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.SingleFileOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** AAC audio-only files: raw AAC frames behind ADTS headers built from the AudioSpecificConfig. */
public final class AacFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.AAC; }

    @Override
    public boolean wantsVideo() { return false; }

    @Override
    public Codec audioCodec() { return Codec.AAC; }

    @Override
    public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        if (tracks.audioCodec() != Codec.AAC) throw new IOException("AAC recording of " + tracks.audioCodec() + " audio");
        Path part = dir.resolve(partName + ".aac");
        FileSink sink = files.create(part);
        AdtsWriter writer = new AdtsWriter(sink);
        writer.write(tracks.audioHeader()); // the writer builds every ADTS header from this config
        return new SingleFileOutput(sink, writer, part, "aac");
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return AacRecovery.recover(dir, namer);
    }
}
