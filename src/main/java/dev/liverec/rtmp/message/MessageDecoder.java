package dev.liverec.rtmp.message;

import dev.liverec.rtmp.amf0.Amf0Reader;
import dev.liverec.rtmp.chunk.AcknowledgementDue;
import dev.liverec.rtmp.chunk.ChunkDecoder;
import dev.liverec.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Turns {@link RawMessage}s into typed {@link RtmpMessage}s. AMF3-wrapped commands and data (types 17 and 15) are
 * accepted when their body is AMF0 after the leading format byte, which is what encoders send. Aggregate messages
 * are split into their audio/video tags. Shared objects and unknown types are dropped. Malformed bodies raise
 * {@link io.netty.handler.codec.DecoderException}.
 *
 * <p>The protocol control that concerns the chunk layer below (Set Chunk Size, Abort, Window Acknowledgement Size,
 * RTMP 1.0 section 5.4) is applied to the pipeline's {@link ChunkDecoder} before the message goes on up, and its
 * {@link AcknowledgementDue} events are answered with an {@link Acknowledgement}.
 */
@ChannelHandler.Sharable
public final class MessageDecoder extends MessageToMessageDecoder<RawMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDecoder.class);
    public static final MessageDecoder INSTANCE = new MessageDecoder();

    private MessageDecoder() {
        super(RawMessage.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, RawMessage raw, List<Object> out) {
        RtmpMessage m = decode(raw, out);
        if (m == null) return;
        if (raw.streamId() == 0) applyToChunkLayer(ctx, m);
        out.add(m);
    }

    private static void applyToChunkLayer(ChannelHandlerContext ctx, RtmpMessage m) {
        if (!(m instanceof SetChunkSize || m instanceof Abort || m instanceof WindowAckSize)) return;
        ChunkDecoder chunks = ctx.pipeline().get(ChunkDecoder.class);
        if (chunks == null) return;
        if (m instanceof SetChunkSize s) chunks.setChunkSize(s.chunkSize());
        else if (m instanceof Abort a) chunks.abort(a.abortedChunkStreamId());
        else chunks.setWindowAckSize(((WindowAckSize) m).windowSize());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof AcknowledgementDue due)) {
            super.userEventTriggered(ctx, evt);
        } else if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new Acknowledgement(due.sequenceNumber()), ctx.voidPromise());
        }
    }

    /** Decodes one message; aggregate parts go straight to {@code out}. Media messages retain the payload. */
    public static RtmpMessage decode(RawMessage raw, List<Object> out) {
        ByteBuf p = raw.content();
        switch (raw.typeId()) {
            case MessageType.SET_CHUNK_SIZE:
                need(p, 4, raw);
                return new SetChunkSize(p.getInt(p.readerIndex()) & 0x7FFFFFFF);
            case MessageType.ABORT:
                need(p, 4, raw);
                return new Abort(p.getInt(p.readerIndex()));
            case MessageType.ACKNOWLEDGEMENT:
                need(p, 4, raw);
                return new Acknowledgement(p.getUnsignedInt(p.readerIndex()));
            case MessageType.WINDOW_ACK_SIZE:
                need(p, 4, raw);
                return new WindowAckSize(p.getUnsignedInt(p.readerIndex()));
            case MessageType.SET_PEER_BANDWIDTH:
                need(p, 5, raw);
                return new SetPeerBandwidth(p.getUnsignedInt(p.readerIndex()), p.getUnsignedByte(p.readerIndex() + 4));
            case MessageType.USER_CONTROL: {
                need(p, 6, raw);
                int event = p.getUnsignedShort(p.readerIndex());
                long value = p.getUnsignedInt(p.readerIndex() + 2);
                long extra = p.readableBytes() >= 10 ? p.getUnsignedInt(p.readerIndex() + 6) : 0;
                return new UserControl(event, value, extra);
            }
            case MessageType.AUDIO:
            case MessageType.VIDEO:
                return new MediaMessage(raw.typeId(), raw.streamId(), raw.timestamp(), p.retain()); // the same buffer: nothing else reads it
            case MessageType.COMMAND_AMF3:
            case MessageType.COMMAND_AMF0: {
                ByteBuf body = amfBody(raw);
                List<Object> values = Amf0Reader.readAll(body);
                if (values.isEmpty() || !(values.get(0) instanceof String name)) {
                    throw new MessageException("command without a name");
                }
                double tx = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
                return new CommandMessage(raw.streamId(), name, tx, values.subList(Math.min(2, values.size()), values.size()));
            }
            case MessageType.DATA_AMF3:
            case MessageType.DATA_AMF0:
                return new DataMessage(raw.streamId(), raw.timestamp(), Amf0Reader.readAll(amfBody(raw)));
            case MessageType.AGGREGATE:
                splitAggregate(raw, out);
                return null;
            default:
                LOG.debug("dropping message type {}", raw.typeId());
                return null;
        }
    }

    private static ByteBuf amfBody(RawMessage raw) {
        ByteBuf body = raw.content().duplicate();
        boolean amf3 = raw.typeId() == MessageType.COMMAND_AMF3 || raw.typeId() == MessageType.DATA_AMF3;
        if (amf3 && body.isReadable() && body.getByte(body.readerIndex()) == 0) body.skipBytes(1);
        return body;
    }

    /** An aggregate is a run of FLV tags (11-byte header, body, 4-byte back pointer); times are relative to the first. */
    private static void splitAggregate(RawMessage raw, List<Object> out) {
        ByteBuf p = raw.content();
        int i = p.readerIndex();
        int end = p.writerIndex();
        long first = -1;
        while (end - i >= 11) {
            int type = p.getUnsignedByte(i) & 0x1F;
            int size = p.getUnsignedMedium(i + 1);
            long ts = p.getUnsignedMedium(i + 4) | ((long) p.getUnsignedByte(i + 7) << 24);
            if (end - i < 11 + size) throw new MessageException("aggregate tag runs past the message");
            if (first < 0) first = ts;
            if (type == MessageType.AUDIO || type == MessageType.VIDEO) {
                long t = (raw.timestamp() + ts - first) & 0xFFFFFFFFL;
                out.add(new MediaMessage(type, raw.streamId(), t, p.retainedSlice(i + 11, size)));
            }
            i += 11 + size + 4;
        }
    }

    private static void need(ByteBuf p, int n, RawMessage raw) {
        if (p.readableBytes() < n) throw new MessageException("short message type " + raw.typeId() + ": " + p.readableBytes() + " bytes");
    }
}
