package dev.liverec.web.playback;

import dev.liverec.storage.FileStore;
import dev.liverec.storage.LocalStore;
import dev.liverec.storage.ObjectKeyLayout;
import dev.liverec.storage.RecordFile;
import dev.liverec.storage.RecordFileIndex;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|HEAD /vod/<fileId>/<exp>/<sig>/<entry>} (and {@code /vod/<fileId>/<entry>?exp=&sig=}): serves one
 * entry of an indexed file after checking the URL's signature and expiry (403 otherwise), with single-range
 * support (206 / 416). Local files (the local store, or this node's spool while an upload is pending) are sent
 * with sendfile; objects in an object store are proxied with a ranged GET; a file waiting in another node's spool
 * is read through that node ({@link SpoolPeerProxy}).
 */
public final class VodHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(VodHandler.class);
    private static final int CHUNK = 256 * 1024;

    private final Vertx vertx;
    private final PlaybackUrls urls;
    private final RecordFileIndex index;
    private final Map<String, FileStore> storesByKind;
    private final LocalStore spool;
    private final SpoolPeerProxy peers;

    /** @param peers forwards reads of files in other nodes' spools; null: such reads are 404 */
    public VodHandler(Vertx vertx, PlaybackUrls urls, RecordFileIndex index, Map<String, FileStore> storesByKind,
                      LocalStore spool, SpoolPeerProxy peers) {
        this.vertx = vertx;
        this.urls = urls;
        this.index = index;
        this.storesByKind = storesByKind;
        this.spool = spool;
        this.peers = peers;
    }

    public static String contentType(String entry) {
        String ext = entry.substring(entry.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "m3u8" -> "application/vnd.apple.mpegurl";
            case "ts" -> "video/mp2t";
            case "flv" -> "video/x-flv";
            case "mp4" -> "video/mp4";
            case "m4s" -> "video/iso.segment";
            case "aac" -> "audio/aac";
            case "mp3" -> "audio/mpeg";
            default -> "application/octet-stream";
        };
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = ctx.response();
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            resp.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
            return;
        }
        String path = req.path();
        String[] parts = path.startsWith("/vod/") ? path.substring(5).split("/", -1) : new String[0];
        String fileId;
        String exp;
        String sig;
        String entry;
        if (parts.length == 4) {
            fileId = parts[0];
            exp = parts[1];
            sig = parts[2];
            entry = parts[3];
        } else if (parts.length == 2) {
            fileId = parts[0];
            entry = parts[1];
            exp = req.getParam("exp");
            sig = req.getParam("sig");
        } else {
            resp.setStatusCode(404).end();
            return;
        }
        if (!ObjectKeyLayout.isFileId(fileId) || !ObjectKeyLayout.isSafeEntry(entry)) {
            resp.setStatusCode(404).end();
            return;
        }
        if (!urls.verify(fileId, exp, sig)) {
            resp.setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("forbidden: bad or expired signature\n");
            return;
        }
        // unordered: one slow lookup (an object store HEAD) must not queue the others of this event loop behind it
        boolean mayForward = peers != null && !SpoolPeerProxy.forwarded(req);
        vertx.executeBlocking(() -> locate(fileId, entry, mayForward), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("playback {}/{}: {}", fileId, entry, ar.cause().toString());
                if (!resp.ended()) resp.setStatusCode(500).end();
                return;
            }
            Optional<Source> src = ar.result();
            if (src.isEmpty()) {
                resp.setStatusCode(404).end();
                return;
            }
            if (src.get().peer() != null) peers.forward(req, resp, src.get().peer());
            else serve(req, resp, entry, src.get());
        });
    }

    /** Where the bytes of one entry are: a local file, an object in a remote store, or another node's spool. */
    private record Source(Path local, FileStore remote, String key, long size, String peer) {
        Source(Path local, FileStore remote, String key, long size) {
            this(local, remote, key, size, null);
        }
    }

    private Optional<Source> locate(String fileId, String entry, boolean mayForward) throws IOException {
        Optional<RecordFile> row = index.byId(fileId);
        if (row.isEmpty() || !row.get().entries().contains(entry)) return Optional.empty();
        RecordFile f = row.get();
        String key = f.key(entry);
        if (spool != null && RecordFile.SPOOLED.equals(f.status())) {
            Optional<Path> p = spool.localPath(key);
            if (p.isPresent()) return Optional.of(new Source(p.get(), null, key, Files.size(p.get())));
        }
        if (RecordFile.SPOOLED.equals(f.status()) && mayForward) { // in the spool of the node that recorded it
            Optional<String> owner = index.spoolUrl(fileId);
            if (owner.isPresent()) return Optional.of(new Source(null, null, key, -1, owner.get()));
        }
        FileStore store = storesByKind.get(f.store());
        if (store == null || (RecordFile.SPOOLED.equals(f.status()))) return Optional.empty();
        Optional<Path> p = store.localPath(key);
        if (p.isPresent()) return Optional.of(new Source(p.get(), null, key, Files.size(p.get())));
        try {
            return Optional.of(new Source(null, store, key, store.size(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void serve(HttpServerRequest req, HttpServerResponse resp, String entry, Source src) {
        long size = src.size();
        long offset = 0;
        long length = size;
        ByteRange.Result r = ByteRange.parse(req.getHeader("Range"), size);
        resp.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
        if (r instanceof ByteRange.Unsatisfiable) {
            resp.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size).end();
            return;
        }
        if (r instanceof ByteRange.Partial p) {
            offset = p.range().start();
            length = p.range().length();
            resp.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE,
                    "bytes " + offset + "-" + p.range().endInclusive() + "/" + size);
        } else {
            resp.setStatusCode(200);
        }
        resp.putHeader(HttpHeaders.CONTENT_TYPE, contentType(entry));
        if (req.method() == HttpMethod.HEAD) {
            resp.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
            return;
        }
        if (src.local() != null) {
            resp.sendFile(src.local().toString(), offset, length);
            return;
        }
        long from = offset;
        long len = length;
        resp.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(len));
        vertx.executeBlocking(() -> {
            try (InputStream in = src.remote().open(src.key(), from, len)) {
                byte[] buf = new byte[CHUNK];
                long left = len;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException("object shorter than announced");
                    left -= n;
                    resp.write(Buffer.buffer(java.util.Arrays.copyOf(buf, n))).toCompletionStage().toCompletableFuture().get();
                }
            }
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("playback of {} from {} failed: {}", src.key(), src.remote(), ar.cause().toString());
                resp.reset();
            } else {
                resp.end();
            }
        });
    }
}
