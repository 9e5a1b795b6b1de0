package dev.liverec.record.session;

import dev.liverec.record.output.FileNamer;
import dev.liverec.record.output.FileSink;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.SerialIo;
import dev.liverec.record.recovery.OrphanRecovery;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.storage.RecordingStore;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordPlan;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every session of the engine shares: clock, store, journal, the executor for blocking work (finalizing,
 * fsync, commit, JDBC), the one for file writes (kept apart so a long finalization never holds up writes), meters,
 * status events, naming, the formats and their settings.
 */
public record RecordContext(Clock clock, RecordingStore store, SessionJournal journal, Executor blocking, Executor writes,
                            RecordMetrics metrics, RecordEvents events, FileNamer namer,
                            OutputFormat.OutputSettings settings, String node, Map<RecordFormat, OutputFormat> formats) {
    /** Sinks write on the write executor, observed by the meters; {@code pressure} is told when they fall behind. */
    public FileSink.Opener files(SerialIo.Backpressure pressure) {
        return new FileSink.Opener(metrics, writes, pressure);
    }

    public OutputFormat format(RecordFormat f) {
        return formats.get(f);
    }

    /** Start-up recovery of what a crash left in this node's work directories. */
    public OrphanRecovery orphanRecovery(RecordPlan plan) {
        return new OrphanRecovery(journal, store, namer, formats, node, plan, metrics::failed);
    }
}
