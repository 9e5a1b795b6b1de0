package dev.liverec.rtmp.client;

import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RTMP chunk stream of an {@link FlvFile}, chunked once and shared by every publisher of the load generator.
 * Between publishers only the message stream id varies (createStream's answer: 1 on every server we know) and, per
 * pass through the file, the timestamps (each pass adds {@link FlvFile#loopDuration()}); every publisher starts at
 * timestamp 0. So one chunked copy per (stream id, pass) serves them all, and a publisher's write is a slice of it.
 * The bytes are those of the {@link ChunkEncoder} path (a type-0 header on every message), so a server sees the same
 * stream as before; the script data tag goes out once, in pass 0.
 */
public final class ChunkedMedia implements AutoCloseable {
    /** Passes kept per stream id behind the newest: publishers started within a ramp share them. */
    private static final int PASSES_KEPT = 2;

    private final FlvFile file;
    private final int chunkSize;
    private final long loopMs;
    private final Map<Long, ChunkedPass> passes = new HashMap<>();
    private final double wireBitsPerSecond;

    public ChunkedMedia(FlvFile file, int chunkSize) {
        this.file = file;
        this.chunkSize = chunkSize;
        this.loopMs = file.loopDuration();
        ChunkedPass steady = build(1, 1);
        wireBitsPerSecond = loopMs > 0 ? steady.bytes().readableBytes() * 8_000.0 / loopMs : 0;
        steady.release();
    }

    /** The nominal rate of one publisher on the wire (a pass without the script tag, chunk headers included). */
    public double wireBitsPerSecond() { return wireBitsPerSecond; }

    public long loopMs() { return loopMs; }

    /** Pass {@code pass} for {@code streamId}, retained for the caller (who releases it). */
    public synchronized ChunkedPass pass(int streamId, int pass) {
        long key = ((long) streamId << 32) | pass;
        ChunkedPass p = passes.get(key);
        if (p == null) {
            p = build(streamId, pass);
            passes.put(key, p);
            // a publisher still on an older pass holds its own reference to it
            passes.entrySet().removeIf(e -> {
                boolean old = (e.getKey() >>> 32) == streamId && (int) (long) e.getKey() < pass - PASSES_KEPT;
                if (old) e.getValue().release();
                return old;
            });
        }
        return p.retain();
    }

    private ChunkedPass build(int streamId, int pass) {
        long offset = pass * loopMs;
        List<Integer> picked = new ArrayList<>();
        int size = 0;
        boolean scriptSent = pass > 0;
        for (int i = 0; i < file.count(); i++) {
            if (file.type(i) == 18) {
                if (scriptSent) continue;
                scriptSent = true;
            }
            picked.add(i);
            size += file.size(i) + 18 + (file.size(i) / chunkSize + 1) * 5;
        }
        ByteBuf out = Unpooled.directBuffer(size);
        long[] due = new long[picked.size()];
        int[] ends = new int[picked.size()];
        long payload = 0;
        for (int m = 0; m < picked.size(); m++) {
            int i = picked.get(m);
            due[m] = file.timestamp(i) + offset;
            RawMessage raw = RtmpPublisher.rawMessage(file.type(i), streamId, due[m], file.body(i));
            try {
                ChunkEncoder.encode(raw, out, chunkSize);
            } finally {
                raw.release();
            }
            ends[m] = out.writerIndex();
            payload += file.size(i);
        }
        return new ChunkedPass(pass, out, due, ends, payload);
    }

    @Override
    public synchronized void close() {
        passes.values().forEach(ChunkedPass::release);
        passes.clear();
    }
}
