package dev.liverec.rtmp.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Takes the PROXY protocol header that Netty's {@link HAProxyMessageDecoder} (just before it) decoded, records the
 * client it names as the connection's {@link ClientAddress}, lets the {@link ConnectionGate} count that client, and
 * leaves the pipeline with the decoder: the RTMP handshake follows. A malformed header closes the connection (the
 * decoder's exception lands here). The wait for the header counts toward the handshake timeout of the session.
 * A {@code LOCAL} command (a balancer's own health check) or an address family without an IP keeps the socket's peer.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderHandler.class);
    static final String DECODER = "proxyDecoder";
    static final String NAME = "proxyHeader";

    private final ConnectionGate gate;
    private final RtmpCounters stats;

    ProxyHeaderHandler(ConnectionGate gate, RtmpCounters stats) {
        this.gate = gate;
        this.stats = stats;
    }

    /** Adds the decoder and this handler (and, in optional mode, the detector before them) at the pipeline's end. */
    static void install(ChannelPipeline p, ProxyProtocolMode mode, ConnectionGate gate, RtmpCounters stats) {
        if (mode == ProxyProtocolMode.OFF) return;
        if (mode == ProxyProtocolMode.OPTIONAL) p.addLast("proxyDetector", new ProxyHeaderDetector(gate));
        p.addLast(DECODER, new HAProxyMessageDecoder());
        p.addLast(NAME, new ProxyHeaderHandler(gate, stats));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof HAProxyMessage header)) {
            super.channelRead(ctx, msg);
            return;
        }
        InetSocketAddress client;
        try {
            client = clientOf(header);
        } finally {
            header.release();
        }
        if (client != null) ctx.channel().attr(ClientAddress.PROXIED).set(client);
        LOG.debug("{}: PROXY {} header: client {}", ctx.channel().remoteAddress(), header.protocolVersion(), client);
        if (gate.admit(ctx, ClientAddress.of(ctx.channel()))) ctx.pipeline().remove(this);
    }

    private static InetSocketAddress clientOf(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null) return null;
        HAProxyProxiedProtocol.AddressFamily family = header.proxiedProtocol().addressFamily();
        if (family != HAProxyProxiedProtocol.AddressFamily.AF_IPv4 && family != HAProxyProxiedProtocol.AddressFamily.AF_IPv6) {
            return null;
        }
        try {
            // an IP literal the decoder validated: no name lookup happens
            return new InetSocketAddress(InetAddress.getByName(header.sourceAddress()), header.sourcePort());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.refusedConnections.incrementAndGet();
        LOG.warn("{}: closing connection: bad PROXY protocol header: {}", ctx.channel().remoteAddress(), cause.getMessage());
        ctx.close();
    }
}
