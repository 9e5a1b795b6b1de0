package dev.liverec.web;

import dev.liverec.config.HttpConfig;
import dev.liverec.storage.FileDescriptorReserve;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection discipline for the HTTP listener (issue 10, D2: 10,000 silent sockets stayed open, at 21,000 the process
 * ran out of descriptors and a live recording failed). Four rules:
 * <ul>
 *   <li>idle timeout ({@code http.idleTimeoutSeconds}): Vert.x closes a connection nothing was read or written on;</li>
 *   <li>header timeout ({@code http.headerTimeoutSeconds}): an HTTP/1 connection must deliver a complete request head
 *       this soon after it opened or after its previous response (slowloris dribbling headers);</li>
 *   <li>body timeout ({@code http.bodyTimeoutSeconds}): a request body must have arrived this soon after its head;</li>
 *   <li>{@code http.maxConnections} and the {@link FileDescriptorReserve}: extra connections are closed on accept.</li>
 * </ul>
 * Long responses (playback downloads, live preview) are not limited: the clocks stop once the request is read.
 * <p>
 * All four hold from accept: cleartext HTTP/2 (h2c) is off, because with it on Vert.x reads a connection's first
 * bytes to tell HTTP/1 from an h2c preface before it reports the connection, so a socket that never sent a byte was
 * neither counted nor timed. Clients offering an h2c upgrade (Java's HttpClient) go on in HTTP/1.1. With TLS the
 * connection is reported after the handshake, which has to finish within the header timeout.
 */
public final class HttpConnectionGuard {
    private final Vertx vertx;
    private final HttpConfig cfg;
    private final FileDescriptorReserve fds;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    /** Pending header timer per HTTP/1 connection. */
    private final Map<HttpConnection, Long> awaitingHead = new ConcurrentHashMap<>();

    public HttpConnectionGuard(Vertx vertx, HttpConfig cfg, FileDescriptorReserve fds) {
        this.vertx = vertx;
        this.cfg = cfg;
        this.fds = fds;
    }

    /** Sets the idle and TLS handshake timeouts on the listener's options and turns h2c off (see above). */
    public HttpServerOptions apply(HttpServerOptions opts) {
        return opts.setIdleTimeout(cfg.idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setSslHandshakeTimeout(cfg.headerTimeoutSeconds).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    public void bindMetrics(MeterRegistry r) {
        Gauge.builder("liverec.http.connections", open, AtomicInteger::get)
                .description("HTTP connections open").register(r);
        FunctionCounter.builder("liverec.http.connections.refused", refused, AtomicLong::get)
                .description("HTTP connections closed on accept: http.maxConnections or the file descriptor reserve").register(r);
        FunctionCounter.builder("liverec.http.connections.timed.out", timedOut, AtomicLong::get)
                .description("HTTP connections closed for a request head or body not delivered in time").register(r);
    }

    /** For {@code HttpServer.connectionHandler}: called on accept (h2c off), so the head clock starts there. */
    public void onConnection(HttpConnection c) {
        int n = open.incrementAndGet();
        c.closeHandler(v -> {
            open.decrementAndGet();
            cancelHeadTimer(c);
        });
        if (n > cfg.maxConnections || !fds.socketAllowed()) {
            refused.incrementAndGet();
            c.close();
            return;
        }
        armHeadTimer(c);
    }

    /** Wraps the request handler: stops the head clock, starts the body clock, re-arms the head clock after the reply. */
    public Handler<HttpServerRequest> wrap(Handler<HttpServerRequest> next) {
        return req -> {
            HttpConnection c = req.connection();
            cancelHeadTimer(c);
            long body = vertx.setTimer(TimeUnit.SECONDS.toMillis(cfg.bodyTimeoutSeconds), id -> {
                if (!req.isEnded()) close(c);
            });
            req.response().endHandler(v -> {
                vertx.cancelTimer(body);
                if (req.version() != HttpVersion.HTTP_2) armHeadTimer(c);
            });
            req.response().closeHandler(v -> vertx.cancelTimer(body));
            next.handle(req);
        };
    }

    private void armHeadTimer(HttpConnection c) {
        long id = vertx.setTimer(TimeUnit.SECONDS.toMillis(cfg.headerTimeoutSeconds), t -> {
            if (awaitingHead.remove(c, t)) close(c);
        });
        Long previous = awaitingHead.put(c, id);
        if (previous != null) vertx.cancelTimer(previous);
    }

    private void cancelHeadTimer(HttpConnection c) {
        Long id = awaitingHead.remove(c);
        if (id != null) vertx.cancelTimer(id);
    }

    private void close(HttpConnection c) {
        timedOut.incrementAndGet();
        c.close();
    }
}
