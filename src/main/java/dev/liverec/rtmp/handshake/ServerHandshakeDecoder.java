package dev.liverec.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Server side of the RTMP handshake. States: C0C1 (1537 bytes) → answer S0+S1+S2 → C2 (1536 bytes) → remove
 * itself, handing any bytes after C2 to the chunk decoder, and fire {@link HandshakeCompleted}. A C1 carrying a
 * valid player digest gets the digest answer (signed S1, S2 keyed by the client's digest); otherwise the plain
 * answer (S2 echoes C1). C2 is not checked: clients in the wild send anything there.
 */
public final class ServerHandshakeDecoder extends ByteToMessageDecoder {
    private static final int SERVER_VERSION = 0x0D0E0A0D;

    private enum State { C0C1, C2, FAILED }

    private State state = State.C0C1;
    private int scheme = -1;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case C0C1 -> {
                if (in.readableBytes() < 1 + HandshakeDigest.PACKET_SIZE) return;
                int version = in.readUnsignedByte();
                if (version != 3) {
                    state = State.FAILED;
                    in.skipBytes(in.readableBytes());
                    throw new HandshakeException("unsupported RTMP version " + version + (version == 6 ? " (RTMPE)" : ""));
                }
                byte[] c1 = new byte[HandshakeDigest.PACKET_SIZE];
                in.readBytes(c1);
                ByteBuf reply = ctx.alloc().buffer(1 + 2 * HandshakeDigest.PACKET_SIZE);
                reply.writeByte(3);
                reply.writeBytes(answer(c1));
                ctx.writeAndFlush(reply);
                state = State.C2;
            }
            case C2 -> {
                if (in.readableBytes() < HandshakeDigest.PACKET_SIZE) return;
                in.skipBytes(HandshakeDigest.PACKET_SIZE);
                ctx.fireUserEventTriggered(new HandshakeCompleted(scheme));
                ctx.pipeline().remove(this); // passes any bytes after C2 on to the chunk decoder
            }
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    /** S1 followed by S2 for the given C1. */
    byte[] answer(byte[] c1) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] s1s2 = new byte[2 * HandshakeDigest.PACKET_SIZE];
        rnd.nextBytes(s1s2);
        scheme = (c1[4] | c1[5] | c1[6] | c1[7]) == 0 ? -1 : HandshakeDigest.findClientScheme(c1);
        if (scheme < 0) {
            // plain: S1 = time 0, zero, random; S2 = echo of C1
            for (int i = 0; i < 8; i++) s1s2[i] = 0;
            System.arraycopy(c1, 0, s1s2, HandshakeDigest.PACKET_SIZE, HandshakeDigest.PACKET_SIZE);
            return s1s2;
        }
        byte[] s1 = new byte[HandshakeDigest.PACKET_SIZE];
        System.arraycopy(s1s2, 0, s1, 0, s1.length);
        for (int i = 0; i < 4; i++) s1[i] = 0;
        s1[4] = (byte) (SERVER_VERSION >>> 24);
        s1[5] = (byte) (SERVER_VERSION >>> 16);
        s1[6] = (byte) (SERVER_VERSION >>> 8);
        s1[7] = (byte) SERVER_VERSION;
        HandshakeDigest.sign(s1, scheme, true);
        byte[] s2 = new byte[HandshakeDigest.PACKET_SIZE];
        System.arraycopy(s1s2, HandshakeDigest.PACKET_SIZE, s2, 0, s2.length);
        HandshakeDigest.signResponse(s2, HandshakeDigest.digestAt(c1, scheme), true);
        System.arraycopy(s1, 0, s1s2, 0, s1.length);
        System.arraycopy(s2, 0, s1s2, HandshakeDigest.PACKET_SIZE, s2.length);
        return s1s2;
    }
}
