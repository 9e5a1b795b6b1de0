package dev.liverec.rtmp.server;

import dev.liverec.config.RtmpConfig;
import dev.liverec.rtmp.chunk.ChunkDecoder;
import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.IngestMemoryBudget;
import dev.liverec.rtmp.handshake.ServerHandshakeDecoder;
import dev.liverec.rtmp.message.MessageDecoder;
import dev.liverec.rtmp.message.MessageEncoder;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.storage.FileDescriptorReserve;
import dev.liverec.stream.StreamHub;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The RTMP listener: epoll when available, NIO otherwise. Pipeline per connection: connection limits, idle timeout,
 * the PROXY protocol header when {@code rtmp.proxyProtocol} is on (removes itself), handshake (removes itself), chunk
 * encoder, message encoder, chunk decoder, message decoder, publish session.
 */
public final class RtmpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);
    /** Digest scheme of the connection's handshake (-1 plain), for diagnostics and tests. */
    public static final AttributeKey<Integer> DIGEST_SCHEME = AttributeKey.valueOf("rtmp.digestScheme");

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final RtmpCounters stats;
    private final IngestMemoryBudget budget;

    private RtmpServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, RtmpCounters stats,
                       IngestMemoryBudget budget) {
        this.stats = stats;
        this.budget = budget;
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds {@code cfg.host:cfg.port} (0 = any free port).
     *
     * @param blocking where publish authorization runs (it may query the database)
     */
    public static RtmpServer start(RtmpConfig cfg, StreamHub hub, PublishAuthorizer authorizer, Executor blocking,
                                   int workerThreads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        RtmpCounters stats = new RtmpCounters();
        long limit = cfg.ingestMemoryBytes > 0 ? cfg.ingestMemoryBytes
                : IngestMemoryBudget.defaultLimit(PlatformDependent.maxDirectMemory());
        IngestMemoryBudget budget = new IngestMemoryBudget(limit, cfg.shedMinIdleMillis, System::nanoTime);
        ProxyProtocolMode proxyProtocol = ProxyProtocolMode.parse(cfg.proxyProtocol);
        ConnectionGate gate = new ConnectionGate(cfg.maxConnections, cfg.maxConnectionsPerAddress,
                FileDescriptorReserve.ofProcess(cfg.fileDescriptorReserve), stats, proxyProtocol != ProxyProtocolMode.OFF);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads, BatchingIoHandler.wrap(
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(), cfg.ioBatchMicros));
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("gate", gate);
                            ch.pipeline().addLast("idle", new IdleStateHandler(cfg.idleTimeoutSeconds, 0, 0, TimeUnit.SECONDS));
                            ProxyHeaderHandler.install(ch.pipeline(), proxyProtocol, gate, stats);
                            ch.pipeline().addLast("handshake", new ServerHandshakeDecoder());
                            ch.pipeline().addLast("chunkEncoder", new ChunkEncoder());
                            ch.pipeline().addLast("messageEncoder", MessageEncoder.INSTANCE);
                            ch.pipeline().addLast("chunkDecoder", new ChunkDecoder(cfg.maxMessageBytes, cfg.maxChunkStreams,
                                    budget, cfg.connectionBufferBytes, !cfg.gopCacheInFiles));
                            ch.pipeline().addLast("messageDecoder", MessageDecoder.INSTANCE);
                            ch.pipeline().addLast("session", new PublishSession(hub, authorizer, blocking,
                                    TimeUnit.SECONDS.toMillis(cfg.handshakeTimeoutSeconds), stats));
                        }
                    });
            Channel ch = b.bind(cfg.host, cfg.port).sync().channel();
            LOG.info("RTMP listening on {} ({}), ingest memory budget {} MiB, PROXY protocol {}", ch.localAddress(),
                    epoll ? "epoll" : "nio", limit >> 20, proxyProtocol.name().toLowerCase(Locale.ROOT));
            return new RtmpServer(boss, workers, ch, stats, budget);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public RtmpCounters stats() { return stats; }

    /** Bytes held in partial messages by all connections, and the peers shed to bound them. */
    public IngestMemoryBudget memoryBudget() { return budget; }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
