package dev.liverec.rtmp.message;

import dev.liverec.rtmp.amf0.Amf0Writer;
import dev.liverec.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;
import java.util.Map;

/** Typed {@link RtmpMessage}s to {@link RawMessage}s for the chunk encoder. Stateless. */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<RtmpMessage> {
    public static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
        super(RtmpMessage.class);
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
