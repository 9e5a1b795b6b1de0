package dev.liverec.rtmp.server;

import dev.liverec.media.MediaPacket;
import dev.liverec.rtmp.handshake.HandshakeCompleted;
import dev.liverec.rtmp.limits.RtmpLimits;
import dev.liverec.rtmp.message.CommandMessage;
import dev.liverec.rtmp.message.DataMessage;
import dev.liverec.rtmp.message.MediaMessage;
import dev.liverec.rtmp.message.RtmpMessage;
import dev.liverec.rtmp.message.SetChunkSize;
import dev.liverec.rtmp.message.SetPeerBandwidth;
import dev.liverec.rtmp.message.UserControl;
import dev.liverec.rtmp.message.WindowAckSize;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.PublishRefusedException;
import dev.liverec.stream.StreamHub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The NetConnection / NetStream command flow of one publishing client, on its event loop: connect → createStream
 * → publish (authorized off the loop, then registered with the {@link StreamHub}) → media into the
 * {@link LiveStream} → unpublish on FCUnpublish / deleteStream / closeStream / disconnect. Play is not offered.
 * Any protocol error closes this connection only, with the reason logged.
 *
 * <p>About 300 lines on purpose: one state machine whose states, transitions and replies are read together. What
 * stands apart is elsewhere: the reply messages in {@link CommandReplies}, the stream name rules in
 * {@link PublishRequest}, FLV tag bodies in {@link MediaTagDecoder}, codec facts in {@link StreamInfoProbe}.
 */
final class PublishSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PublishSession.class);

    private enum State { HANDSHAKE, CONNECTING, CONNECTED, AUTHORIZING, PUBLISHING, CLOSED }

    private final StreamHub hub;
    private final PublishAuthorizer authorizer;
    private final Executor blocking;
    private final long handshakeTimeoutMs;
    private final RtmpCounters stats;
    private State state = State.HANDSHAKE;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> handshakeTimer;
    private String app;
    private String tcUrl;
    private int nextStreamId = 1;
    private int publishStreamId;
    private LiveStream stream;
    /** A reader of the stream fell behind (a recording's disk): stop reading from the publisher meanwhile. */
    private boolean readersBehind;
    private MediaTagDecoder mediaDecoder;
    private StreamInfoProbe infoProbe;

    PublishSession(StreamHub hub, PublishAuthorizer authorizer, Executor blocking, long handshakeTimeoutMs,
                   RtmpCounters stats) {
        this.stats = stats;
        this.hub = hub;
        this.authorizer = authorizer;
        this.blocking = blocking;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        stats.connections.incrementAndGet();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (state == State.HANDSHAKE) close("handshake not completed within " + handshakeTimeoutMs + " ms");
        }, handshakeTimeoutMs, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeCompleted hc) {
            if (handshakeTimer != null) handshakeTimer.cancel(false);
            if (state == State.HANDSHAKE) state = State.CONNECTING;
            (hc.digestScheme() < 0 ? stats.plainHandshakes : stats.digestHandshakes).incrementAndGet();
            LOG.debug("{}: handshake done ({})", peer(), hc.digestScheme() < 0 ? "plain" : "digest scheme " + hc.digestScheme());
            ctx.channel().attr(RtmpServer.DIGEST_SCHEME).set(hc.digestScheme());
        } else if (evt instanceof IdleStateEvent) {
            close("idle: nothing received for the idle timeout");
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.CLOSED) return; // bytes still buffered after we decided to close
            if (msg instanceof MediaMessage m) onMedia(m);
            else if (msg instanceof CommandMessage c) onCommand(c);
            else if (msg instanceof DataMessage d) onData(d);
            else if (msg instanceof UserControl u) onUserControl(u);
            // the message layer applied the protocol control messages to the chunk layer
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(CommandMessage c) {
        switch (c.name()) {
            case "connect" -> onConnect(c);
            case "releaseStream", "FCPublish" -> {
                if (c.name().equals("FCPublish")) send(CommandReplies.onFCPublish(c.argument(1)));
                if (c.transactionId() != 0) send(CommandReplies.resultUndefined(c.transactionId()));
            }
            case "createStream" -> {
                if (state == State.HANDSHAKE || state == State.CONNECTING) {
                    close("createStream before connect");
                    return;
                }
                send(CommandReplies.result(c.transactionId(), (double) nextStreamId++));
            }
            case "publish" -> onPublish(c);
            case "FCUnpublish", "deleteStream", "closeStream" -> {
                if (stream != null) {
                    LOG.info("stream {}: {} from the publisher", stream.key(), c.name());
                    endPublish();
                    if (!c.name().equals("deleteStream")) {
                        send(CommandReplies.onStatus(publishStreamId, "status", "NetStream.Unpublish.Success", "stopped"));
                    }
                }
            }
            case "_checkbw", "_result", "_error", "onBWDone", "@setDataFrame" -> { }
            case "play", "play2", "seek", "pause", "receiveAudio", "receiveVideo" -> {
                send(CommandReplies.onStatus(c.streamId(), "error", "NetStream.Play.Failed", "playback is not offered here"));
            }
            default -> {
                if (c.transactionId() != 0) send(CommandReplies.unknownCommand(c.transactionId(), c.name()));
            }
        }
    }

    private void onConnect(CommandMessage c) {
        if (state != State.CONNECTING) {
            close("connect in state " + state);
            return;
        }
        Map<?, ?> obj = c.argument(0) instanceof Map<?, ?> m ? m : Map.of();
        app = obj.get("app") instanceof String s ? s : "";
        tcUrl = obj.get("tcUrl") instanceof String s ? s : null;
        double encoding = obj.get("objectEncoding") instanceof Double d ? d : 0;
        state = State.CONNECTED;
        send(new WindowAckSize(RtmpLimits.SERVER_WINDOW_ACK_SIZE));
        send(new SetPeerBandwidth(RtmpLimits.SERVER_WINDOW_ACK_SIZE, SetPeerBandwidth.DYNAMIC));
        send(new SetChunkSize(RtmpLimits.SERVER_CHUNK_SIZE));
        send(CommandReplies.connected(c.transactionId(), encoding));
        LOG.debug("{}: connect app={} tcUrl={}", peer(), app, tcUrl);
    }

    private void onPublish(CommandMessage c) {
        int sid = c.streamId();
        if (state != State.CONNECTED) {
            send(CommandReplies.onStatus(sid, "error", "NetStream.Publish.BadConnection", "publish in state " + state));
            close("publish in state " + state);
            return;
        }
        String name = c.argument(1) instanceof String s ? s : null;
        PublishRequest req;
        try {
            req = PublishRequest.parse(tcUrl, app, name);
        } catch (IllegalArgumentException e) {
            refuse(sid, new PublishRefusedException("NetStream.Publish.BadName", e.getMessage()));
            return;
        }
        state = State.AUTHORIZING;
        publishStreamId = sid;
        InetSocketAddress peer = peer();
        Channel ch = ctx.channel();
        CompletableFuture.supplyAsync(() -> {
            try {
                return authorizer.authorize(req.key(), req.queryString(), peer);
            } catch (PublishRefusedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blocking).whenComplete((account, err) -> ch.eventLoop().execute(() -> finishPublish(req, account, err)));
    }

    private void finishPublish(PublishRequest req, Long account, Throwable err) {
        if (state != State.AUTHORIZING || !ctx.channel().isActive()) return;
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof PublishRefusedException r) {
            refuse(publishStreamId, r);
            return;
        }
        if (cause != null) {
            LOG.error("stream {}: authorization failed", req.key(), cause);
            refuse(publishStreamId, new PublishRefusedException("NetStream.Publish.BadConnection", "authorization error"));
            return;
        }
        Channel ch = ctx.channel();
        try {
            stream = hub.publish(req.key(), account, peer(), req.queryString(), ch.eventLoop(), () -> ch.close());
            stream.onReadPause(paused -> {
                readersBehind = paused;
                applyAutoRead(ch);
            });
        } catch (PublishRefusedException r) {
            refuse(publishStreamId, r);
            return;
        }
        state = State.PUBLISHING;
        stats.publishes.incrementAndGet();
        mediaDecoder = new MediaTagDecoder(req.key().toString());
        infoProbe = new StreamInfoProbe();
        send(UserControl.streamBegin(publishStreamId));
        send(CommandReplies.onStatus(publishStreamId, "status", "NetStream.Publish.Start", req.key().name() + " is now published."));
    }

    private void refuse(int sid, PublishRefusedException r) {
        LOG.warn("{}: publish refused ({}): {}", peer(), r.statusCode(), r.getMessage());
        stats.refusedPublishes.incrementAndGet();
        state = State.CLOSED;
        ctx.writeAndFlush(CommandReplies.onStatus(sid, "error", r.statusCode(), r.getMessage())).addListener(ChannelFutureListener.CLOSE);
    }

    private void onMedia(MediaMessage m) {
        if (state != State.PUBLISHING || m.streamId() != publishStreamId) return;
        MediaPacket p = mediaDecoder.decode(m);
        if (p == null) return;
        try {
            if (p.isSequenceHeader()) infoProbe.apply(stream, p);
            else if (p.codec() == dev.liverec.media.Codec.MP3) infoProbe.applyMp3(stream, p);
            stream.dispatch(p);
        } finally {
            p.release();
        }
    }

    private void onData(DataMessage d) {
        if (state != State.PUBLISHING) return;
        List<Object> v = d.values();
        int i = 0;
        if (!v.isEmpty() && "@setDataFrame".equals(v.get(0))) i = 1;
        if (v.size() > i + 1 && "onMetaData".equals(v.get(i)) && v.get(i + 1) instanceof Map<?, ?> meta) {
            Map<String, Object> copy = new LinkedHashMap<>();
            meta.forEach((k, val) -> { if (val != null) copy.put(String.valueOf(k), val); });
            stream.setMetadata(copy);
        }
    }

    private void onUserControl(UserControl u) {
        if (u.event() == UserControl.PING_REQUEST) send(UserControl.pingResponse(u.value()));
    }

    private void endPublish() {
        if (stream != null) {
            hub.unpublish(stream);
            stream = null;
        }
        if (state == State.PUBLISHING) state = State.CONNECTED;
    }

    /**
     * A peer that does not read what we send (acks, pongs, replies) stops being read from: nothing piles up
     * beyond the write-buffer high-water mark, and the idle timeout closes it if it stays stuck.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        applyAutoRead(ctx.channel());
        super.channelWritabilityChanged(ctx);
    }

    /** Reads while the peer takes what we send and no reader of its stream fell behind. */
    private void applyAutoRead(Channel ch) {
        ch.config().setAutoRead(ch.isWritable() && !readersBehind);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (handshakeTimer != null) handshakeTimer.cancel(false);
        endPublish();
        state = State.CLOSED;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CLOSED) {
            LOG.debug("{}: after close: {}", peer(), cause.toString());
            return;
        }
        Throwable c = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof java.io.IOException) {
            close("I/O error: " + c.getMessage());
        } else if (c instanceof io.netty.handler.codec.DecoderException || c instanceof dev.liverec.rtmp.amf0.Amf0Exception) {
            stats.protocolErrors.incrementAndGet();
            close("protocol error: " + c.getMessage());
        } else {
            LOG.error("{}: unexpected error, closing", peer(), cause);
            state = State.CLOSED;
            ctx.close();
        }
    }

    private void close(String reason) {
        LOG.warn("{}{}: closing connection: {}", peer(), stream != null ? " (" + stream.key() + ")" : "", reason);
        state = State.CLOSED;
        ctx.close();
    }

    private void send(RtmpMessage m) {
        if (state == State.CLOSED || !ctx.channel().isActive()) return;
        ctx.writeAndFlush(m, ctx.voidPromise());
    }

    private InetSocketAddress peer() {
        return ClientAddress.of(ctx.channel());
    }
}
