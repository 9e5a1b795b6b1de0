package dev.liverec.rtmp.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;

/**
 * The address of the client behind an RTMP connection: the one a PROXY protocol header named (the connection came
 * through a load balancer), else the socket's peer. Push authorization, logs, push history and the online list use it.
 */
public final class ClientAddress {
    static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf("rtmp.proxiedClient");

    private ClientAddress() {}

    public static InetSocketAddress of(Channel ch) {
        InetSocketAddress proxied = ch.attr(PROXIED).get();
        if (proxied != null) return proxied;
        return ch.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }
}
