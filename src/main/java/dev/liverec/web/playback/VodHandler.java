package dev.liverec.web.playback;

import dev.liverec.control.RecordFormat;
import dev.liverec.storage.FileStore;
import dev.liverec.storage.FilesInProgress;
import dev.liverec.storage.FilesInProgress.FileInProgress;
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
 * with sendfile; objects in an object store are proxied with a ranged GET.
 */
public final class VodHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(VodHandler.class);
    private static final int CHUNK = 256 * 1024;

    private final Vertx vertx;
    private final PlaybackUrls urls;
    private final RecordFileIndex index;
    private final Map<String, FileStore> storesByKind;
    private final LocalStore spool;
    private final FilesInProgress inProgress;
    private final String node;
    private final NodeProxy proxy;

    public VodHandler(Vertx vertx, PlaybackUrls urls, RecordFileIndex index, Map<String, FileStore> storesByKind,
                      LocalStore spool) {
        this(vertx, urls, index, storesByKind, spool, null, null, null);
    }

    /**
     * @param inProgress the files being written (served while they grow, here or through the node writing them),
     *                   or null to serve finished files only
     * @param node       this node's name (which files being written are on this disk)
     * @param proxy      forwards reads of bytes only another node has (a file it writes, a file in its spool); null: 404
     */
    public VodHandler(Vertx vertx, PlaybackUrls urls, RecordFileIndex index, Map<String, FileStore> storesByKind,
                      LocalStore spool, FilesInProgress inProgress, String node, NodeProxy proxy) {
        this.vertx = vertx;
        this.inProgress = inProgress;
        this.node = node;
        this.proxy = proxy;
        this.urls = urls;
        this.index = index;
        this.storesByKind = storesByKind;
        this.spool = spool;
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
        vertx.executeBlocking(() -> find(fileId, entry, NodeProxy.forwarded(req)), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("playback {}/{}: {}", fileId, entry, ar.cause().toString());
                if (!resp.ended()) resp.setStatusCode(500).end();
                return;
            }
            Found found = ar.result();
            if (found instanceof Source src) {
                serve(req, resp, entry, src);
            } else if (found instanceof Writing w) {
                serveWriting(req, resp, entry, w);
            } else if (found instanceof Peer peer) {
                proxy.forward(req, resp, "holding the spooled file", peer.url());
            } else {
                resp.setStatusCode(404).end();
            }
        });
    }

    /** Work files: HLS entries are complete when served, a single file is followed while it grows. */
    private void serveWriting(HttpServerRequest req, HttpServerResponse resp, String entry, Writing w) {
        if (w.local() == null) {
            proxy.forward(req, resp, w.file().node(), w.file().nodeUrl());
        } else if (w.file().format() == RecordFormat.HLS || req.method() == HttpMethod.HEAD) {
            resp.putHeader(HttpHeaders.CACHE_CONTROL, InProgressEntries.cacheControl(entry))
                    .putHeader(HttpHeaders.CONTENT_TYPE, contentType(entry))
                    .sendFile(w.local().toString());
        } else {
            GrowingFileStream.send(vertx, resp, w.local(), contentType(entry));
        }
    }

    private sealed interface Found permits Source, Writing, Peer, Missing {}

    /** Where the bytes of one entry are: a local file, or an object in a remote store. */
    private record Source(Path local, FileStore remote, String key, long size) implements Found {}

    /** An entry of a file being written: its work file here, or (local null) on the node writing it. */
    private record Writing(FileInProgress file, Path local) implements Found {}

    /** A finished file still in the spool of the node that recorded it, at that node's base URL. */
    private record Peer(String url) implements Found {}

    private record Missing() implements Found {}

    /** Waits this long for an entry of a file being finished (between its work files and its committed row). */
    private static final int FINISHING_POLLS = 15;
    private static final long FINISHING_POLL_MILLIS = 200;

    private Found find(String fileId, String entry, boolean forwarded) throws IOException, InterruptedException {
        for (int i = 0; ; i++) {
            Optional<RecordFile> row = index.byId(fileId);
            if (row.isPresent()) {
                Optional<String> e = InProgressEntries.finished(row.get(), entry);
                if (e.isEmpty()) return new Missing();
                Optional<Source> src;
                try {
                    src = locate(row.get(), e.get());
                } catch (NoSuchFileException gone) {
                    // uploaded from the spool and removed between reading the row and the file: read the row again
                    if (i == FINISHING_POLLS) throw gone;
                    continue;
                }
                if (src.isPresent()) return src.get();
                return spooledElsewhere(row.get(), forwarded).map(u -> (Found) new Peer(u)).orElse(new Missing());
            }
            Optional<FileInProgress> writing = inProgress == null ? Optional.empty() : inProgress.byId(fileId);
            if (writing.isEmpty()) return new Missing();
            FileInProgress f = writing.get();
            if (!f.node().equals(node)) return forwarded ? new Missing() : new Writing(f, null);
            Optional<Path> p = InProgressEntries.local(f, entry);
            if (p.isPresent()) return new Writing(f, p.get());
            if (i == FINISHING_POLLS) return new Missing();
            Thread.sleep(FINISHING_POLL_MILLIS);
        }
    }

    /** The base URL of the node whose spool holds {@code f}, when it is not uploaded yet and this read may forward. */
    private Optional<String> spooledElsewhere(RecordFile f, boolean forwarded) {
        if (proxy == null || forwarded || !RecordFile.SPOOLED.equals(f.status())) return Optional.empty();
        return index.spoolUrl(f.fileId());
    }

    private Optional<Source> locate(RecordFile f, String entry) throws IOException {
        String key = f.key(entry);
        if (spool != null && RecordFile.SPOOLED.equals(f.status())) {
            Optional<Path> p = spool.localPath(key);
            if (p.isPresent()) return Optional.of(new Source(p.get(), null, key, Files.size(p.get())));
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
