package dev.liverec.web;

import dev.liverec.rtmp.server.RtmpCounters;
import dev.liverec.rtmp.chunk.IngestMemoryBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/** Exports the RTMP listener's counters ({@link RtmpCounters}) as Prometheus counters. */
public final class RtmpMeters {
    private RtmpMeters() {}

    public static void bind(RtmpCounters s, MeterRegistry r) {
        counter(r, "liverec.rtmp.connections", s.connections, "RTMP connections accepted");
        FunctionCounter.builder("liverec.rtmp.handshakes", s.plainHandshakes, AtomicLong::get).tag("kind", "plain")
                .description("RTMP handshakes completed, by kind").register(r);
        FunctionCounter.builder("liverec.rtmp.handshakes", s.digestHandshakes, AtomicLong::get).tag("kind", "digest")
                .description("RTMP handshakes completed, by kind").register(r);
        counter(r, "liverec.rtmp.refused.connections", s.refusedConnections,
                "RTMP connections closed on accept: connection limits or the file descriptor reserve");
        counter(r, "liverec.rtmp.protocol.errors", s.protocolErrors, "RTMP connections closed for a protocol error");
        FunctionCounter.builder("liverec.rtmp.publishes", s.publishes, AtomicLong::get).tag("result", "accepted")
                .description("RTMP publish requests, by result").register(r);
        FunctionCounter.builder("liverec.rtmp.publishes", s.refusedPublishes, AtomicLong::get).tag("result", "refused")
                .description("RTMP publish requests, by result").register(r);
    }

    public static void bind(IngestMemoryBudget b, MeterRegistry r) {
        Gauge.builder("liverec.rtmp.pending.bytes", b, IngestMemoryBudget::used).baseUnit("bytes")
                .description("Bytes all RTMP connections hold in partial messages and connection buffers").register(r);
        Gauge.builder("liverec.rtmp.pending.limit.bytes", b, IngestMemoryBudget::limit).baseUnit("bytes")
                .description("The ingest memory budget (rtmp.ingestMemoryBytes)").register(r);
        FunctionCounter.builder("liverec.rtmp.shed", b, IngestMemoryBudget::shedTotal)
                .description("RTMP peers closed or refused to keep the ingest memory budget").register(r);
    }

    private static void counter(MeterRegistry r, String name, AtomicLong v, String description) {
        FunctionCounter.builder(name, v, AtomicLong::get).description(description).register(r);
    }
}
