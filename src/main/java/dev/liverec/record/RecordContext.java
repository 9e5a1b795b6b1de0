package dev.liverec.record;

import dev.liverec.storage.RecordingStore;
import dev.liverec.task.RecordFormat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every session of the engine shares: clock, store, journal, the executor for blocking work (finalizing,
 * fsync, commit, JDBC), meters, status events, naming, the formats and their settings.
 */
public record RecordContext(Clock clock, RecordingStore store, SessionJournal journal, Executor blocking,
                            RecordMetrics metrics, RecordEvents events, FileNamer namer,
                            OutputFormat.OutputSettings settings, String node, Map<RecordFormat, OutputFormat> formats) {
    public OutputFormat format(RecordFormat f) {
        return formats.get(f);
    }
}
