package dev.liverec.web.playback;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Playback of bytes that only another node has: a file being written there (its work files, the node's address from
 * the recording journal) or a finished file still in its upload spool (the address in {@code record_files.spool_url}).
 * The request (same path, same signature: nodes share the playback secret, same Range) is forwarded and the answer
 * streamed back; a forwarded request is marked and never forwarded again. A dead node is bounded by the connect and
 * idle timeouts (502).
 */
public final class NodeProxy {
    private static final Logger LOG = LoggerFactory.getLogger(NodeProxy.class);
    static final String FORWARDED = "X-Liverec-Forwarded";
    private static final List<String> HEADERS = List.of("Content-Type", "Content-Length", "Content-Range",
            "Accept-Ranges", "Cache-Control", "Content-Encoding");

    private static final int MAX_CONNECTIONS_PER_NODE = 500;

    private final HttpClient client;

    public NodeProxy(Vertx vertx, int connectTimeoutMillis) {
        // a viewer of a growing file holds its connection as long as it watches: room for many per node
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(Math.max(1, connectTimeoutMillis))
                .setIdleTimeout(90)
                .setTrustAll(true).setVerifyHost(false), new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_NODE));
    }

    static boolean forwarded(HttpServerRequest req) {
        return req.getHeader(FORWARDED) != null;
    }

    /** Forwards {@code req} to {@code nodeUrl} (base URL, no trailing slash). */
    void forward(HttpServerRequest req, HttpServerResponse resp, String node, String nodeUrl) {
        if (nodeUrl == null || nodeUrl.isBlank()) {
            resp.setStatusCode(502).putHeader("Content-Type", "text/plain")
                    .end("being recorded on node " + node + ", whose HTTP address is unknown\n");
            return;
        }
        RequestOptions o = new RequestOptions().setMethod(req.method() == HttpMethod.HEAD ? HttpMethod.HEAD : HttpMethod.GET)
                .setAbsoluteURI(nodeUrl.replaceAll("/+$", "") + req.uri()).putHeader(FORWARDED, "1");
        String range = req.getHeader("Range");
        if (range != null) o.putHeader("Range", range);
        client.request(o).compose(r -> r.send()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("playback forwarded to node {} ({}) failed: {}", node, nodeUrl, ar.cause().toString());
                if (!resp.ended()) resp.setStatusCode(502).end();
                return;
            }
            var in = ar.result();
            resp.setStatusCode(in.statusCode());
            for (String h : HEADERS) {
                String v = in.getHeader(h);
                if (v != null) resp.putHeader(h, v);
            }
            if (in.getHeader("Content-Length") == null) resp.setChunked(true);
            // by hand, not pipeTo: a viewer that hangs up (ffmpeg -t) must stop the upstream, not fail a write
            resp.closeHandler(v -> in.request().reset());
            in.handler(b -> {
                if (resp.closed() || resp.ended()) return;
                resp.write(b);
                if (resp.writeQueueFull()) {
                    in.pause();
                    resp.drainHandler(v -> in.resume());
                }
            });
            in.exceptionHandler(e -> {
                if (!resp.closed() && !resp.ended()) resp.reset();
            });
            in.endHandler(v -> {
                if (!resp.closed() && !resp.ended()) resp.end();
            });
        });
    }
}
