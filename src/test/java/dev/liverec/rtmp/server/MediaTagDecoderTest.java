package dev.liverec.rtmp.server;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTagDecoderTest {
    private final MediaTagDecoder decoder = new MediaTagDecoder("t");

    private MediaPacket decode(int type, long ts, ByteBuf body) {
        MediaMessage m = new MediaMessage(type, 1, ts, body);
        try {
            return decoder.decode(m);
        } finally {
            m.release();
        }
    }

    @Test
    void avcPacketWithNegativeCompositionTimeAndPayloadSharedNotCopied() {
        ByteBuf body = Unpooled.buffer().writeByte(0x27).writeByte(1).writeMedium(-40 & 0xFFFFFF).writeInt(1).writeByte(0x41);
        MediaMessage m = new MediaMessage(9, 1, 1000, body);
        MediaPacket p = decoder.decode(m);
        assertThat(p.codec()).isEqualTo(Codec.H264);
        assertThat(p.dts()).isEqualTo(1000);
        assertThat(p.pts()).isEqualTo(960);
        assertThat(p.isKeyframe()).isFalse();
        assertThat(p.size()).isEqualTo(5);
        body.setByte(9, 0x65);
        assertThat(p.payload().getByte(p.payload().readerIndex() + 4)).as("a slice, not a copy").isEqualTo((byte) 0x65);
        m.release();
        assertThat(body.refCnt()).as("the packet holds its own reference").isEqualTo(1);
        p.release();
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void endOfSequenceAndVideoInfoFramesAndUnknownCodecsAreDropped() {
        assertThat(decode(9, 0, Unpooled.buffer().writeByte(0x17).writeByte(2).writeMedium(0))).isNull();
        assertThat(decode(9, 0, Unpooled.buffer().writeByte(0x57).writeByte(0))).isNull();
        assertThat(decode(9, 0, Unpooled.buffer().writeByte(0x12).writeBytes(new byte[10]))).isNull(); // Sorenson H.263
        assertThat(decode(9, 0, Unpooled.buffer().writeByte(0x80 | 0x10 | 2).writeBytes("hvc1".getBytes()))).isNull();
        assertThat(decode(9, 0, Unpooled.buffer().writeByte(0x80 | 0x10 | 1).writeBytes("vp09".getBytes()).writeByte(1))).isNull();
        assertThat(decode(8, 0, Unpooled.buffer().writeByte(0x60).writeByte(1))).isNull(); // Nellymoser
        assertThat(decode(9, 0, Unpooled.buffer())).isNull();
        assertThat(decode(9, 0, Unpooled.buffer().writeByte(0x17).writeByte(1))).as("truncated header").isNull();
    }

    @Test
    void aacHeaderAndFrame() {
        MediaPacket h = decode(8, 0, Unpooled.buffer().writeByte(0xAF).writeByte(0).writeShort(0x1210));
        assertThat(h.isSequenceHeader()).isTrue();
        assertThat(h.codec()).isEqualTo(Codec.AAC);
        h.release();
        MediaPacket f = decode(8, 23, Unpooled.buffer().writeByte(0xAF).writeByte(1).writeBytes(new byte[7]));
        assertThat(f.isSequenceHeader()).isFalse();
        assertThat(f.size()).isEqualTo(7);
        assertThat(f.pts()).isEqualTo(23);
        f.release();
    }

    @Test
    void timestampsUnwrapPast32Bits() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap(0xFFFFFF00L)).isEqualTo(0xFFFFFF00L);
        assertThat(u.unwrap(0x10)).isEqualTo(0x1_0000_0010L);
        assertThat(u.unwrap(0xFFFFFFF0L)).as("late packet from before the wrap").isEqualTo(0xFFFFFFF0L);
        assertThat(u.unwrap(0x20)).isEqualTo(0x1_0000_0020L);
        assertThat(u.unwrap(0x7FFFFFFFL)).isEqualTo(0x1_7FFF_FFFFL);
        assertThat(u.unwrap(0xFFFFFFFFL)).isEqualTo(0x1_FFFF_FFFFL);
        assertThat(u.unwrap(5)).isEqualTo(0x2_0000_0005L);
    }

    @Test
    void mediaTimestampsCrossTheWrapThroughTheDecoder() {
        MediaPacket a = decode(8, 0xFFFFFFF0L, Unpooled.buffer().writeByte(0xAF).writeByte(1).writeByte(1));
        MediaPacket b = decode(8, 0x00000010L, Unpooled.buffer().writeByte(0xAF).writeByte(1).writeByte(1));
        assertThat(b.dts() - a.dts()).isEqualTo(0x20);
        a.release();
        b.release();
    }
}
