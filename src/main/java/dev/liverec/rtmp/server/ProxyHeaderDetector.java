package dev.liverec.rtmp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

import java.util.List;

/**
 * {@code rtmp.proxyProtocol: optional}: looks at the first bytes of a connection. A PROXY v1/v2 signature leaves
 * them to the header decoder behind it; anything else (an RTMP C0 is 0x03) is a direct client: the header
 * handlers leave the pipeline and the bytes go on to the RTMP handshake untouched.
 */
final class ProxyHeaderDetector extends ByteToMessageDecoder {
    private static final byte V1_FIRST = 'P';
    private static final byte V2_FIRST = 0x0D;

    private final ConnectionGate gate;

    ProxyHeaderDetector(ConnectionGate gate) {
        this.gate = gate;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) return;
        byte first = in.getByte(in.readerIndex());
        ProtocolDetectionState state = first == V1_FIRST || first == V2_FIRST
                ? HAProxyMessageDecoder.detectProtocol(in).state() : ProtocolDetectionState.INVALID;
        if (state == ProtocolDetectionState.NEEDS_MORE_DATA) return;
        if (state == ProtocolDetectionState.INVALID) {
            ctx.pipeline().remove(ProxyHeaderHandler.DECODER);
            ctx.pipeline().remove(ProxyHeaderHandler.NAME);
            if (!gate.admit(ctx, ClientAddress.of(ctx.channel()))) return;
        }
        ctx.pipeline().remove(this); // what this decoder holds goes on to the next handler
    }
}
