package dev.liverec.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code liverec_api_requests_total{action,code}} and {@code liverec_api_request_seconds{action}}. */
final class ApiMeters {
    private final MeterRegistry metrics;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ApiMeters(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Counts one reply; {@code nanos} below zero records no latency (a reply that never ran the pipeline). */
    void record(String action, String code, long nanos) {
        counter(action, code).increment();
        if (nanos >= 0) timer(action).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(String action, String code) {
        return counters.computeIfAbsent(action + ' ' + code, k -> Counter.builder("liverec.api.requests")
                .description("API requests by action and result code").tag("action", action).tag("code", code)
                .register(metrics));
    }

    private Timer timer(String action) {
        return timers.computeIfAbsent(action, k -> Timer.builder("liverec.api.request")
                .description("API request latency (authentication to reply)").tag("action", action)
                .publishPercentileHistogram(false).register(metrics));
    }
}
