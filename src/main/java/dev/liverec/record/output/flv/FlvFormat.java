package dev.liverec.record.output.flv;

import dev.liverec.media.flv.FlvWriter;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.SequenceHeaders;
import dev.liverec.record.output.SingleFileOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * FLV files through {@link FlvWriter}: onMetaData (duration, size, keyframe index) patched in place at close.
 * Recovery: {@link FlvRecovery}.
 */
public final class FlvFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.FLV; }

    @Override
    public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        Path part = dir.resolve(partName + ".flv");
        FileSink sink = files.create(part);
        FlvWriter writer = new FlvWriter(sink, tracks.hasVideo(), tracks.hasAudio(), FlvWriter.Options.DEFAULT);
        SequenceHeaders.write(writer, tracks);
        return new SingleFileOutput(sink, writer, part, "flv");
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return FlvRecovery.recover(dir, namer);
    }
}
