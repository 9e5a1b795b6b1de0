package dev.liverec.web.preview;

import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;
import dev.liverec.stream.StreamSubscriber;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /live/<domain>/<app>/<stream>.mp4?account=&expires=&token=}: the live stream as fragmented MP4 (H.264
 * and AAC tracks) for a Media Source Extensions player, starting at the GOP cache's keyframe. Authorized by a signed,
 * expiring token from {@code DescribeLivePreviewUrl}. A viewer that cannot keep up is disconnected (its player
 * reconnects) rather than buffered without bound.
 */
public final class LivePreviewEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(LivePreviewEndpoint.class);
    static final int MAX_VIEWERS = 32;

    private final StreamHub hub;
    private final PreviewTokens tokens;
    private final Clock clock;
    private final AtomicInteger viewers = new AtomicInteger();

    public LivePreviewEndpoint(StreamHub hub, PreviewTokens tokens, Clock clock) {
        this.hub = hub;
        this.tokens = tokens;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.getWithRegex("/live/([^/]+)/([^/]+)/([^/]+)\\.mp4").handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        StreamKey key = new StreamKey(rc.pathParam("param0"), rc.pathParam("param1"), rc.pathParam("param2"));
        long account, expires;
        try {
            account = Long.parseLong(rc.request().getParam("account", ""));
            expires = Long.parseLong(rc.request().getParam("expires", ""));
        } catch (NumberFormatException e) {
            rc.response().setStatusCode(403).end("bad preview token\n");
            return;
        }
        if (!tokens.valid(rc.request().getParam("token"), account, key, expires, clock.instant().getEpochSecond())) {
            rc.response().setStatusCode(403).end("bad or expired preview token\n");
            return;
        }
        Optional<LiveStream> found = hub.find(key).filter(s -> s.accountId() == account); // owner settled at publish
        if (found.isEmpty()) {
            rc.response().setStatusCode(404).end("stream not live\n");
            return;
        }
        if (viewers.incrementAndGet() > MAX_VIEWERS) {
            viewers.decrementAndGet();
            rc.response().setStatusCode(503).end("too many preview viewers\n");
            return;
        }
        LiveStream stream = found.get();
        Viewer v = new Viewer(stream, rc.response(), rc.vertx().getOrCreateContext());
        rc.response().closeHandler(x -> v.stop());
        rc.response().endHandler(x -> v.stop());
        stream.subscribe(v, true);
    }

    /** One player: muxes on the stream's event loop, writes on the HTTP connection's context. */
    private final class Viewer implements StreamSubscriber {
        private final LiveStream stream;
        private final HttpServerResponse response;
        private final Context http;
        private final PreviewFeed feed = new PreviewFeed();
        private volatile boolean stopped;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        private boolean headersSent;

        Viewer(LiveStream stream, HttpServerResponse response, Context http) {
            this.stream = stream;
            this.response = response;
            this.http = http;
        }

        @Override
        public void onPacket(LiveStream s, MediaPacket p) {
            if (stopped) return;
            byte[] bytes;
            try {
                bytes = feed.push(p);
            } catch (IOException | RuntimeException e) {
                LOG.info("preview of {}: cannot mux the stream ({}), viewer disconnected", stream.key(), e.toString());
                http.runOnContext(x -> response.reset());
                stop();
                return;
            }
            if (bytes == null) return;
            String codecs = feed.codecs();
            http.runOnContext(x -> write(bytes, codecs));
        }

        private void write(byte[] bytes, String codecs) {
            if (stopped) return;
            if (!headersSent) {
                headersSent = true;
                response.setChunked(true).putHeader("Content-Type", "video/mp4; codecs=\"" + codecs + "\"")
                        .putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
            }
            if (response.writeQueueFull()) {
                LOG.info("preview of {}: viewer too slow, disconnected", stream.key());
                response.reset();
                stop();
                return;
            }
            response.write(Buffer.buffer(bytes));
        }

        @Override
        public void onStreamEnd(LiveStream s) {
            http.runOnContext(x -> {
                if (!headersSent) response.setStatusCode(404);
                if (!response.ended() && !response.closed()) response.end();
            });
            stopped = true;
            release();
        }

        void stop() {
            if (stopped) return;
            stopped = true;
            stream.unsubscribe(this);
            release();
        }

        private void release() {
            if (!released.compareAndSet(false, true)) return;
            // the feed is confined to the stream's loop
            stream.eventLoop().execute(feed::release);
            viewers.decrementAndGet();
        }
    }
}
