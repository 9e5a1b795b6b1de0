package dev.liverec.rtmp.server;

import dev.liverec.storage.FileDescriptorReserve;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every RTMP connection: closes it at once when the listener already holds {@code maxConnections},
 * its source address holds {@code maxPerAddress}, or the process is inside its {@link FileDescriptorReserve}
 * (issue 10, D2). Handshake and idle timeouts stay with the handlers behind it. Behind a PROXY protocol balancer
 * every socket comes from the balancer, so the per-address count waits for the client the header names
 * ({@link #admit}, called by the header handlers).
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("rtmp.gate.counted");
    private static final AttributeKey<InetAddress> SOURCE = AttributeKey.valueOf("rtmp.gate.source");

    private final int maxConnections;
    private final int maxPerAddress;
    private final FileDescriptorReserve fds;
    private final RtmpCounters stats;
    private final boolean sourceFromHeader;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    ConnectionGate(int maxConnections, int maxPerAddress, FileDescriptorReserve fds, RtmpCounters stats) {
        this(maxConnections, maxPerAddress, fds, stats, false);
    }

    /** @param sourceFromHeader the per-address count waits for {@link #admit} (PROXY protocol on) */
    ConnectionGate(int maxConnections, int maxPerAddress, FileDescriptorReserve fds, RtmpCounters stats,
                   boolean sourceFromHeader) {
        this.sourceFromHeader = sourceFromHeader;
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.fds = fds;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!fds.socketAllowed()) {
            refuse(ctx, "file descriptor reserve reached");
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE); // channelInactive gives the counts back
        if (total.incrementAndGet() > maxConnections) {
            refuse(ctx, maxConnections + " connections open");
            return;
        }
        if (sourceFromHeader || admit(ctx, ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null)) {
            super.channelActive(ctx);
        }
    }

    /** Counts the connection for its client's address; closes it (false) when that address holds too many. */
    boolean admit(ChannelHandlerContext ctx, InetSocketAddress client) {
        InetAddress from = client == null ? null : client.getAddress();
        if (from == null || ctx.channel().attr(SOURCE).setIfAbsent(from) != null) return true;
        int fromSource = perAddress.computeIfAbsent(from, k -> new AtomicInteger()).incrementAndGet();
        if (fromSource <= maxPerAddress) return true;
        refuse(ctx, maxPerAddress + " connections open from " + from.getHostAddress());
        return false;
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        stats.refusedConnections.incrementAndGet();
        LOG.debug("{}: refused: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(COUNTED).getAndSet(null))) {
            total.decrementAndGet();
            InetAddress from = ctx.channel().attr(SOURCE).getAndSet(null);
            if (from != null) decrement(from);
        }
        super.channelInactive(ctx);
    }

    private void decrement(InetAddress from) {
        perAddress.computeIfPresent(from, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int open() { return total.get(); }
}
