package dev.liverec.record;

import dev.liverec.storage.RecordingStore;
import dev.liverec.control.RecordFormat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every session of the engine shares: clock, store, journal, the executor for blocking work (finalizing,
 * fsync, commit, JDBC), the one for file writes (kept apart so a long finalization never holds up writes), meters, status events, naming, the formats and their settings.
 */
public record RecordContext(Clock clock, RecordingStore store, SessionJournal journal, Executor blocking, Executor writes,
                            RecordMetrics metrics, RecordEvents events, FileNamer namer,
                            OutputFormat.OutputSettings settings, String node, Map<RecordFormat, OutputFormat> formats) {
    /** Sinks write on the blocking executor, observed by the meters. */
    public FileSink.Opener files() {
        return new FileSink.Opener(metrics, writes);
    }

    public OutputFormat format(RecordFormat f) {
        return formats.get(f);
    }
}
