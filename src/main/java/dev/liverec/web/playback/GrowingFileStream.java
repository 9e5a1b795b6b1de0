package dev.liverec.web.playback;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Sends a file that a recording is still writing as one chunked HTTP response: everything on disk, then what is
 * appended, until the recording finishes the file (its work name disappears: renamed or rewritten once the last
 * byte is written) — then the rest of the still-open file and the end of the response. The work file of FLV, AAC
 * and MP3 is the stream itself, that of MP4 a fragmented MP4, so a player reads it as a live stream. Reads run on
 * worker threads in short steps; no thread waits for the file to grow.
 */
final class GrowingFileStream {
    private static final int CHUNK = 256 * 1024;
    private static final long POLL_MILLIS = 200;
    /** A file that stopped growing this long without being finished (a stalled publisher, parked) ends the response. */
    private static final long IDLE_LIMIT_MILLIS = 60_000;

    private final Vertx vertx;
    private final HttpServerResponse resp;
    private final Path path;
    private final FileChannel channel;
    private long position;
    private long lastGrowth = System.nanoTime();
    private boolean finishing;

    private GrowingFileStream(Vertx vertx, HttpServerResponse resp, Path path, FileChannel channel) {
        this.vertx = vertx;
        this.resp = resp;
        this.path = path;
        this.channel = channel;
    }

    /** Opens {@code path} (blocking) and streams it on {@code resp}; 404 when the file is gone already. */
    static void send(Vertx vertx, HttpServerResponse resp, Path path, String contentType) {
        vertx.executeBlocking(() -> FileChannel.open(path, StandardOpenOption.READ), false).onComplete(ar -> {
            if (ar.failed()) {
                resp.setStatusCode(404).end();
                return;
            }
            GrowingFileStream s = new GrowingFileStream(vertx, resp, path, ar.result());
            resp.setChunked(true).setStatusCode(200).putHeader("Content-Type", contentType)
                    .putHeader("Cache-Control", "no-store");
            resp.closeHandler(v -> s.close());
            s.pump();
        });
    }

    private void pump() {
        if (resp.closed() || resp.ended()) {
            close();
            return;
        }
        vertx.executeBlocking(this::read, false).onComplete(ar -> {
            if (ar.failed()) {
                close();
                resp.reset();
                return;
            }
            Buffer b = ar.result();
            if (b != null) {
                lastGrowth = System.nanoTime();
                resp.write(b);
                if (resp.writeQueueFull()) resp.drainHandler(v -> pump());
                else pump();
            } else if (finishing) {
                close();
                resp.end();
            } else if (System.nanoTime() - lastGrowth > IDLE_LIMIT_MILLIS * 1_000_000) {
                close();
                resp.end();
            } else {
                vertx.setTimer(POLL_MILLIS, t -> pump());
            }
        });
    }

    /** The next bytes, or null at the current end (then, once the work name is gone, the file is complete). */
    private Buffer read() throws IOException {
        // checked before reading: the name goes only after the last byte was written, so an end read after it is final
        boolean gone = !Files.exists(path);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        int n = channel.read(buf, position);
        if (n <= 0) {
            finishing = gone;
            return null;
        }
        position += n;
        return Buffer.buffer(Arrays.copyOf(buf.array(), n));
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
