package dev.liverec.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.server.ServerContext;
import dev.liverec.storage.StorageHealth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /healthz}: the process answers (liveness). {@code /readyz}: this node can do its work: the database answers
 * a query, the record storage is usable (when the storage module publishes {@link StorageHealth}), the RTMP
 * listener is bound and has not shed peers for its memory budget within the last 10 s (when the ingest module runs) and the HTTP listener is serving (it answered this request). 200 when every check passes, 503 with the failed checks otherwise.
 */
final class HealthEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ingest reports not ready for this long after it last shed a peer to keep its memory budget. */
    static final long SHEDDING_WINDOW_MS = 10_000;

    private final ServerContext ctx;

    HealthEndpoints(ServerContext ctx) {
        this.ctx = ctx;
    }

    void mount(Router router) {
        router.get("/healthz").handler(rc -> rc.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end("{\"status\":\"up\"}"));
        router.get("/readyz").handler(this::ready);
    }

    private void ready(RoutingContext rc) {
        ctx.vertx().executeBlocking(this::checks, false).onComplete(ar -> {
            Map<String, String> checks = ar.succeeded() ? ar.result() : Map.of("checks", "error: " + ar.cause());
            boolean ok = checks.values().stream().allMatch("ok"::equals);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ok ? "ready" : "not ready");
            body.put("checks", checks);
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
            Integer one = ctx.db().jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            out.put("database", one != null && one == 1 ? "ok" : "unexpected answer");
        } catch (RuntimeException e) {
            out.put("database", "failed: " + e.getClass().getSimpleName());
        }
        Optional<StorageHealth> storage = ctx.optionalService(StorageHealth.class);
        if (storage.isPresent()) {
            try {
                out.put("storage", storage.get().usable() ? "ok" : "not usable: " + storage.get().problem());
            } catch (RuntimeException e) {
                out.put("storage", "failed: " + e.getClass().getSimpleName());
            }
        }
        ctx.optionalService(dev.liverec.rtmp.server.RtmpServer.class).ifPresent(rtmp -> {
            try {
                out.put("rtmp", rtmp.port() > 0 ? "ok" : "not listening");
                var budget = rtmp.memoryBudget();
                out.put("rtmpMemory", budget.shedWithin(SHEDDING_WINDOW_MS)
                        ? "shedding: " + budget.used() + " of " + budget.limit() + " bytes held" : "ok");
            } catch (RuntimeException e) {
                out.put("rtmp", "not listening");
            }
        });
        out.put("http", "ok");
        return out;
    }
}
