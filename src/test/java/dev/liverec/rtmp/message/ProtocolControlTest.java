package dev.liverec.rtmp.message;

import dev.liverec.rtmp.chunk.ChunkBytes;
import dev.liverec.rtmp.chunk.ChunkDecoder;
import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.RawMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.liverec.rtmp.chunk.ChunkBytes.payload;
import static dev.liverec.rtmp.chunk.ChunkBytes.type0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The message layer applies the peer's protocol control to the chunk layer below it, on the wire: a Set Chunk Size
 * applies to the very next chunk of the same read, an Abort drops a partial message, a Window Acknowledgement Size
 * is answered with Acknowledgements; and our own Set Chunk Size changes the chunk encoder after it is sent.
 */
class ProtocolControlTest {
    private static EmbeddedChannel inbound(int maxMessageBytes) {
        return new EmbeddedChannel(new ChunkDecoder(maxMessageBytes, 8), MessageDecoder.INSTANCE);
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        return ChunkBytes.drain(ch);
    }

    @Test
    void setChunkSizeUpToTheMaximumAppliesToFollowingChunks() {
        EmbeddedChannel ch = inbound(1 << 20);
        ByteBuf in = type0(2, 0, 4, 1, 0).writeInt(0x7FFFFFFF);
        byte[] body = payload(5000, 3);
        in.writeBytes(type0(6, 0, body.length, 9, 1)).writeBytes(body); // one chunk now, in the same read
        ch.writeInbound(in);
        List<Object> msgs = drain(ch);
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0)).isEqualTo(new SetChunkSize(0x7FFFFFFF));
        assertThat(((MediaMessage) msgs.get(1)).content().readableBytes()).isEqualTo(5000);
        assertThat(((ChunkDecoder) ch.pipeline().first()).chunkSize()).isEqualTo(0x7FFFFFFF);
        msgs.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void chunkSizeZeroIsAProtocolError() {
        EmbeddedChannel ch = inbound(1 << 20);
        assertThatThrownBy(() -> ch.writeInbound(type0(2, 0, 4, 1, 0).writeInt(0)))
                .isInstanceOf(DecoderException.class).hasMessageContaining("chunk size 0");
        ch.finishAndReleaseAll();
    }

    @Test
    void abortDropsThePartialMessage() {
        EmbeddedChannel ch = inbound(1 << 20);
        ByteBuf in = type0(6, 0, 200, 9, 1).writeBytes(payload(128, 0));       // first chunk of 200
        in.writeBytes(type0(2, 0, 4, 2, 0)).writeInt(6);                        // Abort cs 6
        in.writeBytes(type0(6, 10, 2, 9, 1)).writeBytes(new byte[] {7, 7});     // fresh message
        ch.writeInbound(in);
        List<Object> msgs = drain(ch);
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0)).isEqualTo(new Abort(6));
        assertThat(((MediaMessage) msgs.get(1)).content().readableBytes()).isEqualTo(2);
        msgs.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void windowAcknowledgementSizeIsHonoured() {
        EmbeddedChannel ch = inbound(1 << 20);
        ch.writeInbound(type0(2, 0, 4, 5, 0).writeInt(1000));
        drain(ch).forEach(ReferenceCountUtil::release);
        assertThat((Object) ch.readOutbound()).isNull();
        ch.writeInbound(type0(6, 0, 1200, 9, 1).writeBytes(payload(128, 0)));
        for (int sent = 128; sent < 1200; sent += 128) {
            ByteBuf c = Unpooled.buffer().writeByte((3 << 6) | 6).writeBytes(payload(Math.min(128, 1200 - sent), 0));
            ch.writeInbound(c);
        }
        Object ack = ch.readOutbound();
        assertThat(ack).isInstanceOf(Acknowledgement.class);
        assertThat(((Acknowledgement) ack).sequenceNumber()).isGreaterThanOrEqualTo(1000);
        drain(ch).forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void partialMessagesAcrossStreamsAreCappedInTotalAfterALargerChunkSize() {
        EmbeddedChannel ch = inbound(1000);
        ByteBuf in = Unpooled.buffer();
        // three chunk streams each 900 bytes into a 1000-byte message: 2700 > 2 × 1000
        in.writeBytes(type0(2, 0, 4, 1, 0)).writeInt(900);
        for (int cs = 4; cs < 7; cs++) in.writeBytes(type0(cs, 0, 1000, 9, 1)).writeBytes(payload(900, cs));
        assertThatThrownBy(() -> ch.writeInbound(in)).hasMessageContaining("partial messages");
        drain(ch).forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void ourSetChunkSizeAppliesToTheMessagesAfterIt() {
        EmbeddedChannel out = new EmbeddedChannel(new ChunkEncoder(), MessageEncoder.INSTANCE);
        EmbeddedChannel in = inbound(1 << 20);
        byte[] body = payload(1000, 5);
        out.writeOutbound(new MediaMessage(MessageType.VIDEO, 1, 0, Unpooled.wrappedBuffer(body)));
        int before = wireBytes(out, in);
        out.writeOutbound(new SetChunkSize(4096));
        wireBytes(out, in);
        out.writeOutbound(new MediaMessage(MessageType.VIDEO, 1, 40, Unpooled.wrappedBuffer(body)));
        int after = wireBytes(out, in);
        assertThat(before).as("1000 bytes in 128-byte chunks: 7 continuation headers").isEqualTo(12 + 1000 + 7);
        assertThat(after).as("one chunk").isEqualTo(12 + 1000);
        List<Object> msgs = drain(in);
        assertThat(msgs).hasSize(3);
        assertThat(((MediaMessage) msgs.get(2)).content().readableBytes()).isEqualTo(1000);
        msgs.forEach(ReferenceCountUtil::release);
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    /** Moves what {@code out} wrote into {@code in}; returns its size. */
    private static int wireBytes(EmbeddedChannel out, EmbeddedChannel in) {
        int n = 0;
        ByteBuf wire;
        while ((wire = out.readOutbound()) != null) {
            n += wire.readableBytes();
            in.writeInbound(wire);
        }
        return n;
    }
}
