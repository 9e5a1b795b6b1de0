package dev.liverec.rtmp.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.TimeUnit;

/** Event loops for client connections (epoll when available) and the matching channel class. */
public record ClientLoops(EventLoopGroup group, Class<? extends SocketChannel> channelClass) implements AutoCloseable {
    public static ClientLoops create(int threads) {
        if (Epoll.isAvailable()) {
            return new ClientLoops(new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory()), EpollSocketChannel.class);
        }
        return new ClientLoops(new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()), NioSocketChannel.class);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
