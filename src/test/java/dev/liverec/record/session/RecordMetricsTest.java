package dev.liverec.record.session;

import dev.liverec.control.RecordFormat;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordMetricsTest {
    @Test
    void prometheusNamesAreTheDocumentedOnes() {
        PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RecordMetrics m = new RecordMetrics(reg);
        m.sessionStarted(RecordFormat.HLS);
        m.sessionStarted(RecordFormat.HLS);
        m.sessionEnded(RecordFormat.HLS);
        m.written(1234, 5_000_000);
        m.failed();
        m.tasks(2, 1, 3);
        // the console's meter of the same series (state="scheduled") must coexist with the engine's
        io.micrometer.core.instrument.Gauge.builder("liverec.record.tasks", () -> 4).tag("state", "scheduled")
                .description("Record tasks by state").register(reg);
        String text = reg.scrape();
        assertThat(text).contains("liverec_recordings_active{format=\"hls\"} 1.0",
                "liverec_recordings_active{format=\"flv\"} 0.0",
                "liverec_record_bytes_written_total 1234.0",
                "liverec_segment_write_seconds_count 1",
                "liverec_recordings_failed_total 1.0",
                "liverec_record_tasks{state=\"running\"} 2.0",
                "liverec_record_tasks{state=\"waiting\"} 1.0",
                "liverec_record_tasks{state=\"refused\"} 3.0",
                "liverec_record_tasks{state=\"scheduled\"} 4.0");
    }
}
