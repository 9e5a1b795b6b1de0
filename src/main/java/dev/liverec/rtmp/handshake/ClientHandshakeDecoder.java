package dev.liverec.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Client side of the plain RTMP handshake (what the load generator speaks; every server accepts it): sends C0+C1
 * when the channel opens, waits for S0+S1+S2, answers C2 = S1, removes itself and fires {@link HandshakeCompleted}.
 */
public final class ClientHandshakeDecoder extends ByteToMessageDecoder {
    private static final int REPLY = 1 + 2 * HandshakeDigest.PACKET_SIZE;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf c0c1 = ctx.alloc().buffer(1 + HandshakeDigest.PACKET_SIZE);
        c0c1.writeByte(3).writeInt(0).writeInt(0);
        byte[] random = new byte[HandshakeDigest.PACKET_SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        c0c1.writeBytes(random);
        ctx.writeAndFlush(c0c1);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < REPLY) return;
        int version = in.readUnsignedByte();
        if (version != 3) {
            in.skipBytes(in.readableBytes());
            throw new HandshakeException("server answered RTMP version " + version);
        }
        ByteBuf c2 = ctx.alloc().buffer(HandshakeDigest.PACKET_SIZE);
        in.readBytes(c2, HandshakeDigest.PACKET_SIZE); // S1, echoed as C2
        in.skipBytes(HandshakeDigest.PACKET_SIZE);      // S2
        ctx.writeAndFlush(c2);
        ctx.fireUserEventTriggered(new HandshakeCompleted(-1));
        ctx.pipeline().remove(this);
    }
}
