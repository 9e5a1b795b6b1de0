package dev.liverec.rtmp.client;

import io.netty.buffer.ByteBuf;

/**
 * One pass through the file as RTMP chunks: message {@code i} occupies bytes {@code [start(i), end(i))} and is due
 * {@code due(i)} ms after the publisher started. Reference-counted through its buffer.
 */
public final class ChunkedPass {
    private final int pass;
    private final ByteBuf bytes;
    private final long[] due;
    private final int[] ends;
    private final long payloadBytes;

    ChunkedPass(int pass, ByteBuf bytes, long[] due, int[] ends, long payloadBytes) {
        this.pass = pass;
        this.bytes = bytes;
        this.due = due;
        this.ends = ends;
        this.payloadBytes = payloadBytes;
    }

    public int pass() { return pass; }
    public int count() { return due.length; }
    public long due(int i) { return due[i]; }
    public int start(int i) { return i == 0 ? 0 : ends[i - 1]; }
    public int end(int i) { return ends[i]; }
    /** Tag body bytes in this pass (what the old generator counted). */
    public long payloadBytes() { return payloadBytes; }

    /** All chunk bytes of the pass (read-only view; tests compare it with the encoder's output). */
    public ByteBuf bytes() { return bytes.duplicate(); }

    /** Messages {@code [from, to)} as one retained slice: what a publisher writes in one go. */
    public ByteBuf slice(int from, int to) {
        int s = start(from);
        return bytes.retainedSlice(s, ends[to - 1] - s);
    }

    ChunkedPass retain() {
        bytes.retain();
        return this;
    }

    public void release() {
        bytes.release();
    }
}
