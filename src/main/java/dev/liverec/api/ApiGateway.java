package dev.liverec.api;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Tencent-compatible API endpoint: {@code POST /} (JSON or form) and {@code GET /} (query). Reads the body on
 * the event loop with a size cap, then hands the request to {@link ApiDispatcher} on a bounded worker pool (actions
 * block on JDBC). A {@code GET /} without an Action (no query, no Authorization) is passed on to later routes
 * (the console), so it is mounted before them.
 */
public final class ApiGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);
    /** The documented limit for GET requests. */
    public static final int MAX_QUERY_BYTES = 32 * 1024;
    private static final int QUEUE = 4096;

    private final ApiDispatcher dispatcher;
    private final ThreadPoolExecutor workers;
    private final int maxBody;
    private final Clock clock;

    /** @param threads the worker pool size (actions hold a database connection: about twice the pool) */
    public ApiGateway(ApiDispatcher dispatcher, int maxBody, Clock clock, int threads) {
        this.dispatcher = dispatcher;
        this.maxBody = maxBody;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "liverec-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void mount(Router router) {
        router.route(HttpMethod.POST, "/").handler(this::onPost);
        router.route(HttpMethod.GET, "/").handler(this::onGet);
        for (HttpMethod m : new HttpMethod[] {HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH}) {
            // answered with UnsupportedProtocol in the API envelope; the body is not read
            router.route(m, "/").handler(rc -> submit(rc, request(rc.request(), new byte[0], false, maxBody)));
        }
    }

    @Override
    public void close() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) workers.shutdownNow();
    }

    private void onGet(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String query = req.query();
        if ((query == null || query.isEmpty()) && req.getHeader("Authorization") == null
                && req.getHeader("X-TC-Action") == null) {
            rc.next();
            return;
        }
        boolean tooLarge = query != null && query.length() > MAX_QUERY_BYTES;
        submit(rc, request(req, new byte[0], tooLarge, MAX_QUERY_BYTES));
    }

    private void onPost(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String declared = req.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > maxBody) {
            submit(rc, request(req, new byte[0], true, maxBody));
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] overflow = {false};
        req.handler(chunk -> {
            if (overflow[0]) return;
            if (body.length() + chunk.length() > maxBody) {
                overflow[0] = true;
                submit(rc, request(req, new byte[0], true, maxBody));
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(v -> {
            if (!overflow[0]) submit(rc, request(req, body.getBytes(), false, maxBody));
        });
        req.exceptionHandler(e -> LOG.debug("API request body failed", e));
        req.resume();
    }

    private ApiRequest request(HttpServerRequest req, byte[] body, boolean tooLarge, long limit) {
        MultiMap headers = req.headers();
        String hostHeader = headers.get("Host");
        // HTTP/2 (e.g. after an h2c upgrade) carries the host as :authority, not as a Host header; signatures cover it either way
        String host = hostHeader != null ? hostHeader : req.authority() != null ? req.authority().toString() : "";
        return new ApiRequest(req.method().name(), host, req.query(),
                name -> "host".equalsIgnoreCase(name) ? host : headers.get(name), body, tooLarge,
                limit, req.isSSL() ? "https" : "http", clock.instant(),
                req.remoteAddress() == null ? "" : java.util.Objects.toString(req.remoteAddress().hostAddress(), ""));
    }

    private void submit(RoutingContext rc, ApiRequest request) {
        HttpServerResponse resp = rc.response();
        try {
            workers.execute(() -> reply(rc.request(), resp, request, dispatcher.dispatch(request)));
        } catch (RejectedExecutionException e) {
            // overloaded (or shutting down): answer on the event loop without touching the database
            reply(rc.request(), resp, request, dispatcher.overloaded(request));
        }
    }

    private static void reply(HttpServerRequest req, HttpServerResponse resp, ApiRequest request, byte[] body) {
        if (resp.ended() || resp.closed()) return;
        boolean unreadBody = request.tooLarge() && "POST".equals(request.method());
        if (unreadBody) resp.putHeader("Connection", "close");
        // compressing a reply of a few hundred bytes costs a Deflater per response and saves nothing
        if (body.length < 1024) resp.putHeader("Content-Encoding", "identity");
        var sent = resp.putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
        // an oversized body is never read: without this, HTTP/1.1 drains the whole declared body before closing
        if (unreadBody) sent.onComplete(v -> {
            if (req.version() == HttpVersion.HTTP_2) resp.reset();
            else req.connection().close();
        });
    }
}
