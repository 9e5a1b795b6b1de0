package dev.liverec.record.output.hls;

import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * HLS: an {@link HlsOutput} per playlist (MPEG-TS segments, each an {@link HlsSegmentFile}); crash recovery by
 * {@link HlsRecovery}.
 */
public final class HlsFormat implements OutputFormat {
    @Override
    public RecordFormat format() { return RecordFormat.HLS; }

    @Override
    public RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wall,
                             FileSink.Opener files) throws IOException {
        return new HlsOutput(dir, partName, tracks, Math.max(1, settings.hlsSegmentMillis() / 1000), wall, files);
    }

    @Override
    public List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException {
        return HlsRecovery.recover(dir, namer);
    }
}
