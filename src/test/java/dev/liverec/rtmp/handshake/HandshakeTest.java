package dev.liverec.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeTest {
    private static byte[] random(long seed) {
        byte[] b = new byte[HandshakeDigest.PACKET_SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readAll(EmbeddedChannel ch) {
        ByteBuf out = Unpooled.buffer();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    @Test
    void plainHandshakeEchoesC1AndPassesLaterBytesOn() {
        AtomicReference<Object> event = new AtomicReference<>();
        ByteBuf[] after = new ByteBuf[1];
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeDecoder(), new ChannelInboundHandlerAdapter() {
            @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) { event.set(evt); }
            @Override public void channelRead(ChannelHandlerContext ctx, Object msg) { after[0] = (ByteBuf) msg; }
        });
        byte[] c1 = random(1);
        Arrays.fill(c1, 0, 8, (byte) 0);
        ch.writeInbound(Unpooled.buffer().writeByte(3).writeBytes(c1));
        byte[] reply = readAll(ch);
        assertThat(reply).hasSize(1 + 2 * 1536);
        assertThat(reply[0]).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(reply, 1 + 1536, reply.length)).isEqualTo(c1);
        ch.writeInbound(Unpooled.buffer().writeBytes(new byte[1536]).writeBytes(new byte[] {42, 43}));
        assertThat(event.get()).isEqualTo(new HandshakeCompleted(-1));
        assertThat(ch.pipeline().get(ServerHandshakeDecoder.class)).isNull();
        assertThat(after[0].readableBytes()).isEqualTo(2);
        after[0].release();
        ch.finishAndReleaseAll();
    }

    @Test
    void digestHandshakeAnswersWhatAFlashClientVerifies() {
        for (int scheme = 0; scheme <= 1; scheme++) {
            AtomicReference<Object> event = new AtomicReference<>();
            EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeDecoder(), new ChannelInboundHandlerAdapter() {
                @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) { event.set(evt); }
            });
            byte[] c1 = random(10 + scheme);
            c1[4] = 9; c1[5] = 0; c1[6] = 124; c1[7] = 2; // Flash Player 9.0.124.2
            HandshakeDigest.sign(c1, scheme, false);
            assertThat(HandshakeDigest.findClientScheme(c1)).isEqualTo(scheme);
            ch.writeInbound(Unpooled.buffer().writeByte(3).writeBytes(c1));
            byte[] reply = readAll(ch);
            byte[] s1 = Arrays.copyOfRange(reply, 1, 1 + 1536);
            byte[] s2 = Arrays.copyOfRange(reply, 1 + 1536, reply.length);
            assertThat(HandshakeDigest.verifyServer(s1, scheme)).as("S1 digest, scheme " + scheme).isTrue();
            assertThat(HandshakeDigest.verifyResponse(s2, HandshakeDigest.digestAt(c1, scheme), true))
                    .as("S2 keyed by the client digest").isTrue();
            assertThat(s2).isNotEqualTo(c1);
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[1536]));
            assertThat(event.get()).isEqualTo(new HandshakeCompleted(scheme));
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void forgedDigestFallsBackToPlain() {
        byte[] c1 = random(5);
        c1[4] = 9;
        HandshakeDigest.sign(c1, 0, false);
        c1[100] ^= 1; // any change outside the digest breaks it (unless byte 100 is inside it)
        int off = HandshakeDigest.digestOffset(c1, 0);
        if (off <= 100 && 100 < off + 32) c1[1400] ^= 1;
        assertThat(HandshakeDigest.findClientScheme(c1)).isEqualTo(-1);
    }

    @Test
    void serverKeyConstantsMatchThePublishedText() {
        assertThat(new String(HandshakeDigest.PLAYER_KEY, 0, 30)).isEqualTo("Genuine Adobe Flash Player 001");
        assertThat(new String(HandshakeDigest.SERVER_KEY, 0, 36)).isEqualTo("Genuine Adobe Flash Media Server 001");
        assertThat(HandshakeDigest.SERVER_KEY).hasSize(68);
        assertThat(HandshakeDigest.PLAYER_KEY).hasSize(62);
    }

    @Test
    void rtmpeAndGarbageVersionsRejected() {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeDecoder());
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.buffer().writeByte(6).writeBytes(new byte[1536])))
                .isInstanceOf(HandshakeException.class).hasMessageContaining("RTMPE");
        ch.finishAndReleaseAll();
        EmbeddedChannel http = new EmbeddedChannel(new ServerHandshakeDecoder());
        byte[] get = ("GET / HTTP/1.1\r\n" + "x".repeat(1600)).getBytes();
        assertThatThrownBy(() -> http.writeInbound(Unpooled.wrappedBuffer(get))).isInstanceOf(HandshakeException.class);
        http.finishAndReleaseAll();
    }
}
