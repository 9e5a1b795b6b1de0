package dev.liverec.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits outgoing {@link RawMessage}s into chunks: a type-0 header on the first chunk, type-3 on the rest, the
 * extended timestamp repeated on every chunk when used (as FMS, nginx-rtmp and ffmpeg expect). Follows its own
 * Set Chunk Size messages: the new size applies to the messages after it.
 */
public final class ChunkEncoder extends MessageToByteEncoder<RawMessage> {
    private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

    public ChunkEncoder() {
        super(RawMessage.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RawMessage msg, boolean preferDirect) {
        int len = msg.content().readableBytes();
        int chunks = Math.max(1, (len + chunkSize - 1) / chunkSize);
        return ctx.alloc().ioBuffer(len + 18 + chunks * 8);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RawMessage msg, ByteBuf out) {
        encode(msg, out, chunkSize);
        if (msg.typeId() == ProtocolControl.SET_CHUNK_SIZE && msg.streamId() == 0 && msg.content().readableBytes() >= 4) {
            chunkSize = Math.max(1, msg.content().getInt(msg.content().readerIndex()) & 0x7FFFFFFF);
        }
    }

    /** Writes {@code msg} as chunks of {@code chunkSize} into {@code out}. */
    public static void encode(RawMessage msg, ByteBuf out, int chunkSize) {
        ByteBuf payload = msg.content();
        int csid = msg.chunkStreamId();
        long ts = msg.timestamp();
        boolean extended = ts >= 0xFFFFFF;
        int len = payload.readableBytes();
        writeBasicHeader(out, 0, csid);
        out.writeMedium(extended ? 0xFFFFFF : (int) ts);
        out.writeMedium(len);
        out.writeByte(msg.typeId());
        out.writeIntLE(msg.streamId());
        if (extended) out.writeInt((int) ts);
        int offset = payload.readerIndex();
        int remaining = len;
        boolean first = true;
        while (remaining > 0 || first) {
            if (!first) {
                writeBasicHeader(out, 3, csid);
                if (extended) out.writeInt((int) ts);
            }
            int n = Math.min(chunkSize, remaining);
            out.writeBytes(payload, offset, n);
            offset += n;
            remaining -= n;
            first = false;
        }
    }

    private static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
        if (csid < 64) {
            out.writeByte((fmt << 6) | csid);
        } else if (csid < 320) {
            out.writeByte(fmt << 6).writeByte(csid - 64);
        } else {
            out.writeByte((fmt << 6) | 1).writeByte((csid - 64) & 0xFF).writeByte((csid - 64) >> 8);
        }
    }
}
