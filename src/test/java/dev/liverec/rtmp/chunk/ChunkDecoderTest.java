package dev.liverec.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.liverec.rtmp.chunk.ChunkBytes.payload;
import static dev.liverec.rtmp.chunk.ChunkBytes.type0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkDecoderTest {
    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new ChunkDecoder(1 << 20, 8));
    }

    private static List<RawMessage> drain(EmbeddedChannel ch) {
        return ChunkBytes.drain(ch);
    }

    @Test
    void allFourHeaderTypesWithDeltas() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(type0(4, 1000, 3, 8, 1)).writeBytes(new byte[] {1, 2, 3});
        in.writeByte((1 << 6) | 4).writeMedium(20).writeMedium(2).writeByte(8).writeBytes(new byte[] {4, 5});  // type 1
        in.writeByte((2 << 6) | 4).writeMedium(30).writeBytes(new byte[] {6, 7});                              // type 2
        in.writeByte((3 << 6) | 4).writeBytes(new byte[] {8, 9});                                             // type 3: delta repeats
        ch.writeInbound(in);
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).extracting(RawMessage::timestamp).containsExactly(1000L, 1020L, 1050L, 1080L);
        assertThat(msgs).extracting(RawMessage::streamId).containsOnly(1);
        assertThat(msgs).extracting(m -> m.content().readableBytes()).containsExactly(3, 2, 2, 2);
        assertThat(msgs.get(3).content().getByte(1)).isEqualTo((byte) 9);
        msgs.forEach(RawMessage::release);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aVideoKeyframeStartsNewPayloadBlocksOthersArePackedTogether() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(type0(4, 0, 100, 8, 1)).writeBytes(new byte[100]);                 // audio
        byte[] inter = new byte[100];
        inter[0] = 0x27;
        in.writeBytes(type0(6, 0, 100, 9, 1)).writeBytes(inter);                         // inter frame: same block
        byte[] key = new byte[100];
        key[0] = 0x17;
        in.writeBytes(type0(6, 40, 100, 9, 1)).writeBytes(key);                          // keyframe: a new block
        in.writeBytes(type0(4, 40, 100, 8, 1)).writeBytes(new byte[100]);                // audio after it: its block
        ch.writeInbound(in);
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).hasSize(4);
        ByteBuf first = msgs.get(0).content().unwrap();
        assertThat(msgs.get(1).content().unwrap()).isSameAs(first);
        assertThat(msgs.get(2).content().unwrap()).isNotSameAs(first);
        assertThat(msgs.get(3).content().unwrap()).isSameAs(msgs.get(2).content().unwrap());
        assertThat(msgs.get(2).content().getByte(0)).isEqualTo((byte) 0x17);
        msgs.get(0).release();
        msgs.get(1).release();
        assertThat(first.refCnt()).as("the old GOP's block is free once its payloads are").isZero();
        msgs.get(2).release();
        msgs.get(3).release();
        ch.finishAndReleaseAll();
    }

    @Test
    void typeThreeAfterTypeZeroRepeatsTheTimestampAsDelta() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(type0(6, 40, 1, 9, 1)).writeByte(1);
        in.writeByte((3 << 6) | 6).writeByte(2);
        ch.writeInbound(in);
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).extracting(RawMessage::timestamp).containsExactly(40L, 80L);
        msgs.forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void messageSpanningChunksAndTwoByteChunkStreamIdsAndByteByByteDelivery() {
        EmbeddedChannel ch = channel();
        byte[] body = payload(300, 1);
        ByteBuf in = Unpooled.buffer();
        in.writeByte(0).writeByte(100 - 64); // 2-byte basic header: csid 100
        in.writeMedium(5).writeMedium(300).writeByte(9).writeIntLE(1);
        in.writeBytes(body, 0, 128);
        in.writeByte(3 << 6).writeByte(100 - 64).writeBytes(body, 128, 128);
        in.writeByte((3 << 6) | 1).writeByte(100 - 64).writeByte(0).writeBytes(body, 256, 44); // 3-byte form
        while (in.isReadable()) ch.writeInbound(in.readRetainedSlice(1));
        in.release();
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).hasSize(1);
        assertThat(msgs.get(0).chunkStreamId()).isEqualTo(100);
        byte[] got = new byte[300];
        msgs.get(0).content().getBytes(0, got);
        assertThat(got).isEqualTo(body);
        msgs.forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void extendedTimestampIsRepeatedOnTypeThreeContinuationChunks() {
        EmbeddedChannel ch = channel();
        long ts = 0x01234567L;
        byte[] body = payload(200, 2);
        ByteBuf in = type0(6, ts, 200, 9, 1);
        in.writeBytes(body, 0, 128);
        in.writeByte((3 << 6) | 6).writeInt((int) ts).writeBytes(body, 128, 72);
        // a new message on the same chunk stream with a type-3 header: extended delta present again
        in.writeByte((3 << 6) | 6).writeInt((int) ts);
        in.writeBytes(body, 0, 128);
        in.writeByte((3 << 6) | 6).writeInt((int) ts).writeBytes(body, 128, 72);
        ch.writeInbound(in);
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).timestamp()).isEqualTo(ts);
        assertThat(msgs.get(1).timestamp()).isEqualTo(2 * ts);
        byte[] got = new byte[200];
        msgs.get(0).content().getBytes(0, got);
        assertThat(got).isEqualTo(body);
        msgs.forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void timestampsWrapAt32Bits() {
        EmbeddedChannel ch = channel();
        ByteBuf in = type0(4, 0xFFFFFFF0L, 1, 8, 1).writeByte(0);
        in.writeByte((2 << 6) | 4).writeMedium(0x20).writeByte(0);
        ch.writeInbound(in);
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).extracting(RawMessage::timestamp).containsExactly(0xFFFFFFF0L, 0x10L);
        msgs.forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    private static ChunkDecoder decoder(EmbeddedChannel ch) {
        return (ChunkDecoder) ch.pipeline().first();
    }

    // the control messages themselves are applied by the message layer: see message.ProtocolControlTest

    @Test
    void setChunkSizeUpToTheMaximumAppliesToFollowingChunks() {
        EmbeddedChannel ch = channel();
        decoder(ch).setChunkSize(0x7FFFFFFF);
        byte[] body = payload(5000, 3);
        ch.writeInbound(type0(6, 0, body.length, 9, 1).writeBytes(body)); // one chunk now
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).hasSize(1);
        assertThat(msgs.get(0).content().readableBytes()).isEqualTo(5000);
        assertThat(decoder(ch).chunkSize()).isEqualTo(0x7FFFFFFF);
        assertThatThrownBy(() -> decoder(ch).setChunkSize(0)).isInstanceOf(ChunkException.class);
        msgs.forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void abortDropsThePartialMessage() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(type0(6, 0, 200, 9, 1).writeBytes(payload(128, 0)));     // first chunk of 200
        decoder(ch).abort(6);
        ch.writeInbound(type0(6, 10, 2, 9, 1).writeBytes(new byte[] {7, 7}));    // fresh message
        List<RawMessage> msgs = drain(ch);
        assertThat(msgs).extracting(RawMessage::typeId).containsExactly(9);
        assertThat(msgs.get(0).content().readableBytes()).isEqualTo(2);
        msgs.forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void aFullAcknowledgementWindowGoesUpAsAnEvent() {
        List<Object> events = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(1 << 20, 8), new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        decoder(ch).setWindowAckSize(1000);
        ch.writeInbound(type0(6, 0, 1200, 9, 1).writeBytes(payload(128, 0)));
        assertThat(events).isEmpty();
        for (int sent = 128; sent < 1200; sent += 128) {
            ByteBuf c = Unpooled.buffer().writeByte((3 << 6) | 6).writeBytes(payload(Math.min(128, 1200 - sent), 0));
            ch.writeInbound(c);
        }
        assertThat(events).hasSize(1);
        assertThat(((AcknowledgementDue) events.get(0)).sequenceNumber()).isGreaterThanOrEqualTo(1000);
        drain(ch).forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedMessageRejectedBeforeAnyAllocation() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(1000, 8));
        assertThatThrownBy(() -> ch.writeInbound(type0(6, 0, 1001, 9, 1)))
                .isInstanceOf(ChunkException.class).hasMessageContaining("exceeds the limit");
        // after a violation further input is ignored, nothing leaks
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void chunkStreamCountCapped() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer();
        for (int cs = 3; cs < 3 + 9; cs++) in.writeBytes(type0(cs, 0, 1, 8, 1)).writeByte(0);
        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(DecoderException.class)
                .hasMessageContaining("more than 8 chunk streams");
        drain(ch).forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void typeOneWithoutPriorHeaderIsAProtocolError() {
        EmbeddedChannel ch = channel();
        ByteBuf in = Unpooled.buffer().writeByte((1 << 6) | 5).writeMedium(0).writeMedium(1).writeByte(8).writeByte(0);
        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(ChunkException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void partialMessagesAcrossStreamsAreCappedInTotal() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(1000, 8));
        ByteBuf in = Unpooled.buffer();
        // three chunk streams each 900 bytes into a 1000-byte message: 2700 > 2 × 1000
        decoder(ch).setChunkSize(900);
        for (int cs = 4; cs < 7; cs++) in.writeBytes(type0(cs, 0, 1000, 9, 1)).writeBytes(payload(900, cs));
        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(ChunkException.class)
                .hasMessageContaining("partial messages");
        drain(ch).forEach(RawMessage::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void encoderOutputDecodesBackIncludingExtendedTimestamps() {
        EmbeddedChannel enc = new EmbeddedChannel(new ChunkEncoder());
        EmbeddedChannel dec = channel();
        byte[] body = payload(1000, 9);
        for (long ts : new long[] {0, 0xFFFFFE, 0xFFFFFF, 0x7FFFFFFFL, 0xFFFFFFFFL}) {
            enc.writeOutbound(new RawMessage(300, 9, 1, ts, Unpooled.wrappedBuffer(body)));
            ByteBuf wire;
            while ((wire = enc.readOutbound()) != null) dec.writeInbound(wire);
            RawMessage m = dec.readInbound();
            assertThat(m.timestamp()).isEqualTo(ts);
            assertThat(m.chunkStreamId()).isEqualTo(300);
            byte[] got = new byte[1000];
            m.content().getBytes(0, got);
            assertThat(got).isEqualTo(body);
            m.release();
        }
        enc.finishAndReleaseAll();
        dec.finishAndReleaseAll();
    }
}
