package dev.liverec.rtmp.client;

import dev.liverec.rtmp.chunk.ChunkDecoder;
import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.RawMessage;
import dev.liverec.rtmp.handshake.ClientHandshakeDecoder;
import dev.liverec.rtmp.handshake.HandshakeCompleted;
import dev.liverec.rtmp.limits.RtmpLimits;
import dev.liverec.rtmp.message.CommandMessage;
import dev.liverec.rtmp.message.MediaMessage;
import dev.liverec.rtmp.message.MessageDecoder;
import dev.liverec.rtmp.message.MessageEncoder;
import dev.liverec.rtmp.message.MessageType;
import dev.liverec.rtmp.message.SetChunkSize;
import dev.liverec.rtmp.message.UserControl;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal RTMP publishing client: plain handshake, connect, releaseStream, FCPublish, createStream, publish; then
 * {@link #send} audio/video tag bodies. {@link #ready()} completes on {@code NetStream.Publish.Start} and fails on
 * an error status or disconnect. Used by the load generator and the tests; works against any RTMP server.
 */
public final class RtmpPublisher {

    private final Channel channel;
    private final Session session;

    private RtmpPublisher(Channel channel, Session session) {
        this.channel = channel;
        this.session = session;
    }

    /**
     * Connects to {@code rtmp://host[:port]/app[?query]} and publishes {@code streamName} (which may carry a query).
     * @param fourCcList when non-empty, announced in connect as Enhanced RTMP capabilities
     */
    public static RtmpPublisher connect(ClientLoops loops, String url, String streamName, List<String> fourCcList) {
        URI u = URI.create(url);
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
        String app = path + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
        int port = u.getPort() > 0 ? u.getPort() : 1935;
        Session session = new Session(app, url, streamName, fourCcList);
        Bootstrap b = new Bootstrap().group(loops.group())
                .channel(loops.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ClientHandshakeDecoder(), new ChunkEncoder(), MessageEncoder.INSTANCE,
                                new ChunkDecoder(RtmpLimits.CLIENT_MAX_MESSAGE_BYTES, RtmpLimits.CLIENT_MAX_CHUNK_STREAMS), MessageDecoder.INSTANCE, session);
                    }
                });
        ChannelFuture f = b.connect(u.getHost(), port);
        f.addListener(done -> {
            if (!done.isSuccess()) session.ready.completeExceptionally(done.cause());
        });
        return new RtmpPublisher(f.channel(), session);
    }

    /** Completes when the server accepted the publish. */
    public CompletableFuture<Void> ready() { return session.ready; }

    /** Completes when the connection closed. */
    public CompletableFuture<Void> closed() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    public Channel channel() { return channel; }

    public int streamId() { return session.streamId; }

    /** How far the publish got: where it failed, when {@link #ready()} failed. */
    public PublishStage stage() { return session.stage; }

    /** Sends one FLV tag body (type 8 audio, 9 video, 18 script data) with a 32-bit timestamp; takes the buffer. */
    public void send(int type, long timestamp, ByteBuf body, boolean flush) {
        Object msg = message(type, session.streamId, timestamp, body);
        if (flush) channel.writeAndFlush(msg, channel.voidPromise());
        else channel.write(msg, channel.voidPromise());
    }

    /** Writes bytes that are already RTMP chunks (a slice of {@link ChunkedMedia}); takes the buffer. */
    public ChannelFuture sendChunks(ByteBuf chunks) {
        return channel.write(chunks);
    }

    /** The message {@link #send} writes for an FLV tag body. */
    private static Object message(int type, int streamId, long timestamp, ByteBuf body) {
        if (type == MessageType.AUDIO || type == MessageType.VIDEO) {
            return new MediaMessage(type, streamId, timestamp & 0xFFFFFFFFL, body);
        }
        return new RawMessage(5, type, streamId, timestamp & 0xFFFFFFFFL, body);
    }

    /** The same message as the chunk encoder receives it (what {@link ChunkedMedia} chunks once); takes the buffer. */
    static RawMessage rawMessage(int type, int streamId, long timestamp, ByteBuf body) {
        Object msg = message(type, streamId, timestamp, body);
        if (msg instanceof MediaMessage m) {
            RawMessage raw = MessageEncoder.toRaw(m, ByteBufAllocator.DEFAULT);
            m.release();
            return raw;
        }
        return (RawMessage) msg;
    }

    /** Sends any message (tests: malformed or unusual input). */
    public void sendMessage(Object msg) {
        channel.writeAndFlush(msg, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    public boolean isWritable() { return channel.isWritable(); }

    /** Sends FCUnpublish + deleteStream, then closes. */
    public ChannelFuture close() {
        if (channel.isActive() && session.streamId > 0) {
            channel.write(command(0, "FCUnpublish", 0, null, session.streamName));
            channel.write(command(0, "deleteStream", 0, null, (double) session.streamId));
            channel.flush();
        }
        return channel.close();
    }

    static CommandMessage command(int streamId, String name, double tx, Object... args) {
        List<Object> list = new ArrayList<>();
        for (Object a : args) list.add(a);
        return new CommandMessage(streamId, name, tx, list);
    }

    /** The client's side of the command exchange. */
    private static final class Session extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final String app;
        final String tcUrl;
        final String streamName;
        final List<String> fourCcList;
        volatile int streamId;
        volatile PublishStage stage = PublishStage.CONNECTING;
        private ChannelHandlerContext ctx;

        Session(String app, String url, String streamName, List<String> fourCcList) {
            this.app = app;
            this.tcUrl = url;
            this.streamName = streamName;
            this.fourCcList = fourCcList;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            stage = PublishStage.HANDSHAKE;
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HandshakeCompleted) {
                stage = PublishStage.COMMANDS;
                ctx.write(new SetChunkSize(RtmpLimits.CLIENT_CHUNK_SIZE));
                Map<String, Object> obj = new LinkedHashMap<>();
                obj.put("app", app);
                obj.put("type", "nonprivate");
                obj.put("flashVer", "FMLE/3.0 (compatible; liverec-bench)");
                obj.put("tcUrl", tcUrl);
                if (!fourCcList.isEmpty()) obj.put("fourCcList", new ArrayList<Object>(fourCcList));
                ctx.writeAndFlush(command(0, "connect", 1, obj));
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof CommandMessage c) {
                onCommand(c);
                return;
            }
            if (msg instanceof UserControl u && u.event() == UserControl.PING_REQUEST) {
                ctx.writeAndFlush(UserControl.pingResponse(u.value()));
            }
            ctx.fireChannelRead(msg); // handlers added after this one (tests) see the rest; the tail releases it
        }

        private void onCommand(CommandMessage c) {
            switch (c.name()) {
                case "_result" -> {
                    if (c.transactionId() == 1) {
                        ctx.write(command(0, "releaseStream", 2, null, streamName));
                        ctx.write(command(0, "FCPublish", 3, null, streamName));
                        ctx.writeAndFlush(command(0, "createStream", 4, (Object) null));
                    } else if (c.transactionId() == 4 && c.argument(1) instanceof Double id) {
                        streamId = id.intValue();
                        ctx.writeAndFlush(command(streamId, "publish", 5, null, streamName, "live"));
                    }
                }
                case "_error" -> fail(c);
                case "onStatus" -> {
                    Object info = c.argument(1);
                    String code = info instanceof Map<?, ?> m ? String.valueOf(m.get("code")) : "";
                    if (code.equals("NetStream.Publish.Start")) {
                        stage = PublishStage.PUBLISHING;
                        ready.complete(null);
                    }
                    else if (info instanceof Map<?, ?> m && "error".equals(m.get("level"))) fail(c);
                }
                default -> { }
            }
        }

        private void fail(CommandMessage c) {
            ready.completeExceptionally(new IllegalStateException("server refused: " + c.arguments()));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ready.completeExceptionally(new IllegalStateException("connection closed"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }
}
