package dev.liverec.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the Prometheus text exposition of every meter. Open by default; with a configured token it
 * requires {@code Authorization: Bearer <token>} (compared in constant time). Scraped on a worker thread, since
 * gauges registered by other modules may read the database.
 */
public final class MetricsEndpoint implements Handler<RoutingContext> {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final byte[] expectedAuthorization;

    public MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry, String token) {
        this.vertx = vertx;
        this.registry = registry;
        this.expectedAuthorization = token == null || token.isBlank() ? null
                : ("Bearer " + token.trim()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (expectedAuthorization != null) {
            String given = rc.request().getHeader("Authorization");
            if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
                rc.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"")
                        .end("unauthorized\n");
                return;
            }
        }
        vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
            if (ar.succeeded()) {
                rc.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store").end(ar.result());
            } else {
                rc.fail(ar.cause());
            }
        });
    }
}
