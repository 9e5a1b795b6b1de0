package dev.liverec.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.rtmp.chunk.IngestMemoryBudget;
import dev.liverec.storage.StorageHealth;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jdbi.v3.core.Jdbi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz}: the process answers (liveness). {@code /readyz}: this node can do its work: the database answers
 * a query, the record storage is usable ({@link StorageHealth}), the RTMP listener is bound and has not shed peers
 * for its memory budget within the last 10 s, the node is not refusing publishers for its memory budget (the body's
 * {@code memory} says the degradation step it took, see docs/memory.md), and the HTTP listener is serving (it
 * answered this request). 200 when every check passes, 503 with the failed checks otherwise. A check that passes in
 * a reduced way (files spooling while the object store does not answer) reads {@code "degraded: ..."}: still 200,
 * status {@code degraded}.
 */
public final class HealthEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ingest reports not ready for this long after it last shed a peer to keep its memory budget. */
    static final long SHEDDING_WINDOW_MS = 10_000;
    static final String DEGRADED = "degraded: ";

    private final Vertx vertx;
    private final Jdbi jdbi;
    private final StorageHealth storage;
    private final IntSupplier rtmpPort;
    private final IngestMemoryBudget ingestMemory;
    private Supplier<Map<String, Object>> cluster = Map::of;
    private final Supplier<String> memory;

    public HealthEndpoints(Vertx vertx, Jdbi jdbi, StorageHealth storage, IntSupplier rtmpPort,
                           IngestMemoryBudget ingestMemory, Supplier<String> memory) {
        this.vertx = vertx;
        this.jdbi = jdbi;
        this.storage = storage;
        this.rtmpPort = rtmpPort;
        this.ingestMemory = ingestMemory;
        this.memory = memory;
    }

    /** Adds these fields (this node's id and the cluster's nodes) to the {@code /readyz} body; informational only. */
    public HealthEndpoints withCluster(Supplier<Map<String, Object>> fields) {
        this.cluster = fields;
        return this;
    }

    public void mount(Router router) {
        router.get("/healthz").handler(rc -> rc.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end("{\"status\":\"up\"}"));
        router.get("/readyz").handler(this::ready);
    }

    private void ready(RoutingContext rc) {
        vertx.executeBlocking(this::checks, false).onComplete(ar -> {
            Map<String, String> checks = ar.succeeded() ? ar.result() : Map.of("checks", "error: " + ar.cause());
            boolean ok = checks.values().stream().allMatch(v -> v.equals("ok") || v.startsWith(DEGRADED));
            boolean degraded = checks.values().stream().anyMatch(v -> v.startsWith(DEGRADED));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", !ok ? "not ready" : degraded ? "degraded" : "ready");
            body.put("checks", checks);
            body.put("memory", memory.get());
            // the console builds push URLs with the port really bound (rtmp.port may be 0 or not 1935)
            body.put("rtmpPort", rtmpPort.getAsInt());
            body.putAll(cluster.get());
            String json;
            try {
                json = JSON.writeValueAsString(body);
            } catch (Exception e) {
                json = "{\"status\":\"not ready\"}";
            }
            rc.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(json);
        });
    }

    Map<String, String> checks() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            Integer one = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            out.put("database", one != null && one == 1 ? "ok" : "unexpected answer");
        } catch (RuntimeException e) {
            out.put("database", "failed: " + e.getClass().getSimpleName());
        }
        try {
            String degraded = storage.usable() ? storage.degraded() : null;
            out.put("storage", !storage.usable() ? "not usable: " + storage.problem()
                    : degraded != null ? DEGRADED + degraded : "ok");
        } catch (RuntimeException e) {
            out.put("storage", "failed: " + e.getClass().getSimpleName());
        }
        try {
            out.put("rtmp", rtmpPort.getAsInt() > 0 ? "ok" : "not listening");
        } catch (RuntimeException e) {
            out.put("rtmp", "not listening");
        }
        out.put("rtmpMemory", ingestMemory.shedWithin(SHEDDING_WINDOW_MS)
                ? "shedding: " + ingestMemory.used() + " of " + ingestMemory.limit() + " bytes held" : "ok");
        String m = memory.get(); // GOP caches dropped: still ready; refusing publishers: not
        out.put("memory", m.startsWith("REFUSING") ? m : "ok");
        out.put("http", "ok");
        return out;
    }
}
