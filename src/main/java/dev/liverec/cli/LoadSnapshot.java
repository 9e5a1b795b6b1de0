package dev.liverec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The load generator's counters at one instant, as it writes them to its stats file every second (and as its last
 * stdout line): cumulative since it started, so the bench takes two and judges the window between them.
 *
 * @param nominalBitsPerSecond what all requested streams would deliver at the media's rate, chunk headers included
 * @param started              publishers the server accepted (NetStream.Publish.Start)
 * @param failures             publisher failures by kind: connect, handshake, refused, disconnected
 */
public record LoadSnapshot(long epochMs, int streams, double nominalBitsPerSecond, int started, long wireBytesQueued,
                           long wireBytesWritten, Map<String, Integer> failures, long maxLagMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LoadSnapshot {
        failures = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(failures)); // by name, for stable output
    }

    public int failureCount() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("t_ms", epochMs);
        o.put("streams", streams);
        o.put("nominal_mbit_s", round(nominalBitsPerSecond / 1e6));
        o.put("published", started);
        o.put("failed", failureCount());
        ObjectNode f = o.putObject("failures");
        failures.forEach(f::put);
        o.put("wire_bytes_queued", wireBytesQueued);
        o.put("wire_bytes_written", wireBytesWritten);
        o.put("max_lag_ms", maxLagMs);
        return o;
    }

    public static LoadSnapshot parse(String json) throws java.io.IOException {
        JsonNode o = JSON.readTree(json);
        Map<String, Integer> failures = new TreeMap<>();
        o.path("failures").fields().forEachRemaining(e -> failures.put(e.getKey(), e.getValue().asInt()));
        return new LoadSnapshot(o.path("t_ms").asLong(), o.path("streams").asInt(), o.path("nominal_mbit_s").asDouble() * 1e6,
                o.path("published").asInt(), o.path("wire_bytes_queued").asLong(), o.path("wire_bytes_written").asLong(),
                failures, o.path("max_lag_ms").asLong());
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
