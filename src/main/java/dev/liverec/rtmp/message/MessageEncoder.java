package dev.liverec.rtmp.message;

import dev.liverec.rtmp.amf0.Amf0Writer;
import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;
import java.util.Map;

/**
 * Typed {@link RtmpMessage}s to {@link RawMessage}s for the chunk encoder. Stateless: once a {@link SetChunkSize}
 * has gone down, the pipeline's {@link ChunkEncoder} is told the new size for the messages after it.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<RtmpMessage> {
    public static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
        super(RtmpMessage.class);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        super.write(ctx, msg, promise); // on the event loop: the chunk encoder has encoded it when this returns
        if (msg instanceof SetChunkSize s) {
            ChunkEncoder chunks = ctx.pipeline().get(ChunkEncoder.class);
            if (chunks != null) chunks.setChunkSize(s.chunkSize());
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage msg, List<Object> out) {
        out.add(toRaw(msg, ctx.alloc()));
    }

    public static RawMessage toRaw(RtmpMessage msg, ByteBufAllocator alloc) {
        ByteBuf p;
        if (msg instanceof MediaMessage m) {
            p = m.content().retain();
        } else {
            p = alloc.buffer();
            if (msg instanceof SetChunkSize m) {
                p.writeInt(m.chunkSize());
            } else if (msg instanceof Abort m) {
                p.writeInt(m.abortedChunkStreamId());
            } else if (msg instanceof Acknowledgement m) {
                p.writeInt((int) m.sequenceNumber());
            } else if (msg instanceof WindowAckSize m) {
                p.writeInt((int) m.windowSize());
            } else if (msg instanceof SetPeerBandwidth m) {
                p.writeInt((int) m.windowSize()).writeByte(m.limitType());
            } else if (msg instanceof UserControl m) {
                p.writeShort(m.event()).writeInt((int) m.value());
                if (m.event() == UserControl.SET_BUFFER_LENGTH) p.writeInt((int) m.extra());
            } else if (msg instanceof CommandMessage m) {
                Amf0Writer.write(p, m.name());
                Amf0Writer.write(p, m.transactionId());
                Amf0Writer.writeAll(p, m.arguments());
            } else if (msg instanceof DataMessage m) {
                for (Object v : m.values()) {
                    if (v instanceof Map<?, ?> map) {
                        @SuppressWarnings("unchecked") Map<String, ?> sm = (Map<String, ?>) map;
                        Amf0Writer.writeEcmaArray(p, sm);
                    } else {
                        Amf0Writer.write(p, v);
                    }
                }
            } else {
                p.release();
                throw new IllegalArgumentException("cannot encode " + msg);
            }
        }
        return new RawMessage(msg.chunkStreamId(), msg.typeId(), msg.streamId(), msg.timestamp(), p);
    }
}
