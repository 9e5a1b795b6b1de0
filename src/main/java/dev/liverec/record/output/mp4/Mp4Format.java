package dev.liverec.record.output.mp4;

import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.SequenceHeaders;
import dev.liverec.record.output.Tracks;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * MP4: fragmented while recording ({@code moof}+{@code mdat} every {@code mp4FragmentMillis}, so a crash loses
 * at most one fragment), made progressive by {@link Mp4Output} at close and by {@link Mp4Recovery} for a part file
 * a crash left behind.
 */
public final class Mp4Format implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.MP4; }

    @Override
    public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        Path part = dir.resolve(partName + ".mp4");
        FileSink sink = files.create(part);
        FragmentedMp4Writer writer = new FragmentedMp4Writer(sink, tracks.videoCodec(), tracks.audioCodec(),
                settings.mp4FragmentMillis());
        SequenceHeaders.write(writer, tracks);
        return new Mp4Output(sink, writer, part, Mp4Output.FreeSpace.DISK);
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return Mp4Recovery.recover(dir, namer);
    }
}
