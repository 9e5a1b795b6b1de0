package dev.liverec.record.session;

import dev.liverec.record.output.FileSink;
import dev.liverec.control.RecordFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's meters (names as Prometheus shows them in the comments). */
public final class RecordMetrics implements FileSink.WriteObserver {
    private final Map<RecordFormat, AtomicInteger> active = new EnumMap<>(RecordFormat.class);
    private final Counter bytesWritten;
    private final Counter failed;
    private final Counter commitRetries;
    private final Timer writeTimer;
    private final AtomicInteger tasksRunning = new AtomicInteger();
    private final AtomicInteger tasksRefused = new AtomicInteger();
    private final AtomicInteger tasksWaiting = new AtomicInteger();

    public RecordMetrics(MeterRegistry registry) {
        for (RecordFormat f : RecordFormat.values()) {
            AtomicInteger n = new AtomicInteger();
            active.put(f, n);
            // liverec_recordings_active{format}
            Gauge.builder("liverec.recordings.active", n, AtomicInteger::get).tag("format", f.callbackName())
                    .register(registry);
        }
        bytesWritten = Counter.builder("liverec.record.bytes.written").register(registry); // ..._total
        failed = Counter.builder("liverec.recordings.failed").register(registry); // ..._total
        commitRetries = Counter.builder("liverec.commit.retries") // ..._total
                .description("Commits and journal cleanups retried because the database was unreachable")
                .register(registry);
        writeTimer = Timer.builder("liverec.segment.write").register(registry); // ..._seconds
        Gauge.builder("liverec.record.tasks", tasksRunning, AtomicInteger::get).tag("state", "running")
                .description("Record tasks by state").register(registry);
        Gauge.builder("liverec.record.tasks", tasksWaiting, AtomicInteger::get).tag("state", "waiting")
                .description("Record tasks by state").register(registry);
        Gauge.builder("liverec.record.tasks", tasksRefused, AtomicInteger::get).tag("state", "refused")
                .description("Record tasks by state").register(registry);
    }

    @Override
    public void written(long bytes, long nanos) {
        bytesWritten.increment(bytes);
        writeTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    void sessionStarted(RecordFormat f) { active.get(f).incrementAndGet(); }
    void sessionEnded(RecordFormat f) { active.get(f).decrementAndGet(); }
    public void failed() { failed.increment(); }

    void commitRetried() { commitRetries.increment(); }

    public double commitRetryCount() { return commitRetries.count(); }

    public double failedCount() { return failed.count(); }
    public int active(RecordFormat f) { return active.get(f).get(); }

    public void tasks(int running, int waiting, int refused) {
        tasksRunning.set(running);
        tasksWaiting.set(waiting);
        tasksRefused.set(refused);
    }
}
