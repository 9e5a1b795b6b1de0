package dev.liverec.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;

/** Hand-made chunk-stream input for the chunk and message layer tests. */
public final class ChunkBytes {
    private ChunkBytes() {}

    /** Everything the channel passed up so far. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> drain(EmbeddedChannel ch) {
        List<T> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) out.add((T) m);
        return out;
    }

    public static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    /** A type-0 chunk header (one-byte basic header), with the extended timestamp when needed. */
    public static ByteBuf type0(int csid, long ts, int len, int type, int streamId) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(csid);
        b.writeMedium(ts >= 0xFFFFFF ? 0xFFFFFF : (int) ts).writeMedium(len).writeByte(type).writeIntLE(streamId);
        if (ts >= 0xFFFFFF) b.writeInt((int) ts);
        return b;
    }
}
