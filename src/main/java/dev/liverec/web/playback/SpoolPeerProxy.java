package dev.liverec.web.playback;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Forwards a {@code /vod} read of a file that waits in another node's spool (committed there, upload pending) to
 * that node, with the same signed path and Range header, and streams its answer back: a spooled file plays through
 * any node or a load balancer. The forwarded request is marked so the owner never forwards it again; connect and
 * idle timeouts bound a dead owner (502).
 */
public final class SpoolPeerProxy {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolPeerProxy.class);
    /** Set on forwarded reads: the receiving node serves from its own spool or answers 404, never forwards. */
    static final String HOP = "X-Liverec-Spool-Hop";
    private static final List<CharSequence> PASSED_BACK = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH,
            HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES, HttpHeaders.CACHE_CONTROL, HttpHeaders.CONTENT_ENCODING);

    private final HttpClient client;
    private final long idleTimeoutMillis;

    public SpoolPeerProxy(Vertx vertx, long connectTimeoutMillis, long idleTimeoutMillis) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.max(1, connectTimeoutMillis)).setKeepAlive(true));
        this.idleTimeoutMillis = Math.max(1, idleTimeoutMillis);
    }

    static boolean forwarded(HttpServerRequest req) {
        return req.getHeader(HOP) != null;
    }

    void forward(HttpServerRequest req, HttpServerResponse resp, String peerBaseUrl) {
        RequestOptions o = new RequestOptions().setMethod(req.method()).setAbsoluteURI(peerBaseUrl + req.uri())
                .setIdleTimeout(idleTimeoutMillis).putHeader(HOP, "1");
        String range = req.getHeader("Range");
        if (range != null) o.putHeader("Range", range);
        client.request(o).compose(r -> r.send()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("playback {}: the node holding the spooled file ({}) does not answer: {}", req.path(),
                        peerBaseUrl, ar.cause().toString());
                if (!resp.ended()) resp.setStatusCode(502).end();
                return;
            }
            HttpClientResponse answer = ar.result();
            resp.setStatusCode(answer.statusCode());
            MultiMap h = answer.headers();
            for (CharSequence name : PASSED_BACK) {
                String v = h.get(name);
                if (v != null) resp.putHeader(name, v);
            }
            answer.pipeTo(resp).onFailure(e -> LOG.warn("playback {} via {}: {}", req.path(), peerBaseUrl, e.toString()));
        });
    }
}
