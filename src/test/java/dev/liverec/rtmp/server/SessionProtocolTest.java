package dev.liverec.rtmp.server;

import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.PacketRecorder;
import dev.liverec.rtmp.amf0.Amf0Writer;
import dev.liverec.rtmp.chunk.RawMessage;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.rtmp.message.UserControl;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.StreamHub;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Command-level behaviour with the project's client: conflicts, ping, metadata, AMF3 wrappers, aggregates. */
class SessionProtocolTest {
    private final LeakWatch leaks = LeakWatch.install();
    private RtmpFixture rtmp;
    private final ClientLoops loops = ClientLoops.create(1);
    private final PacketRecorder recorder = new PacketRecorder();

    @AfterEach
    void stop() throws Exception {
        loops.close();
        if (rtmp != null) rtmp.close();
        leaks.assertNoLeaks();
    }

    private RtmpPublisher publish(String name) throws Exception {
        RtmpPublisher p = RtmpPublisher.connect(loops, rtmp.url("live"), name, List.of());
        p.ready().get(5, TimeUnit.SECONDS);
        return p;
    }

    @Test
    void secondPublisherRefusedByDefault() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        RtmpPublisher first = publish("x");
        RtmpPublisher second = RtmpPublisher.connect(loops, rtmp.url("live"), "x", List.of());
        assertThatThrownBy(() -> second.ready().get(5, TimeUnit.SECONDS)).hasMessageContaining("already publishing");
        second.closed().get(5, TimeUnit.SECONDS);
        assertThat(first.channel().isActive()).isTrue();
        first.close().sync();
    }

    @Test
    void secondPublisherReplacesWithReplacePolicy() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL, StreamHub.ConflictPolicy.REPLACE, c -> { });
        RtmpPublisher first = publish("x");
        RtmpPublisher second = publish("x");
        first.closed().get(5, TimeUnit.SECONDS);
        assertThat(second.channel().isActive()).isTrue();
        assertThat(rtmp.hub.online()).hasSize(1);
        second.close().sync();
    }

    @Test
    void slowAuthorizationDoesNotStallOtherStreamsOnTheSameEventLoop() throws Exception {
        PublishAuthorizer slow = (key, query, peer) -> {
            if (key.name().equals("slow")) {
                try {
                    Thread.sleep(1500); // a slow database
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        };
        rtmp = new RtmpFixture(slow, StreamHub.ConflictPolicy.REFUSE, c -> { }, 1); // one event loop for both
        rtmp.hub.addListener(recorder);
        try (var file = dev.liverec.rtmp.client.FlvFile.read(dev.liverec.rtmp.Ffmpeg.clip("av-nobf", 6))) {
            RtmpPublisher fast = publish("fast");
            dev.liverec.rtmp.client.FlvReplay.start(file, fast, 4_000);
            Thread.sleep(300);
            RtmpPublisher pending = RtmpPublisher.connect(loops, rtmp.url("live"), "slow", List.of());
            Thread.sleep(200);
            long before = recorder.packets.stream().filter(s -> s.stream().equals("fast")).count();
            Thread.sleep(800);
            assertThat(pending.ready()).as("still authorizing").isNotDone();
            long during = recorder.packets.stream().filter(s -> s.stream().equals("fast")).count();
            assertThat(during - before).as("fast stream packets while the other publish is being authorized").isGreaterThan(20);
            pending.ready().get(5, TimeUnit.SECONDS);
            pending.close().sync();
            fast.close().sync();
        }
    }

    @Test
    void pingRequestAnsweredAndMetadataKeptAndAmf3WrappedDataAccepted() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        rtmp.hub.addListener(recorder);
        RtmpPublisher p = publish("meta");
        CompletableFuture<Long> pong = new CompletableFuture<>();
        p.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof UserControl u && u.event() == UserControl.PING_RESPONSE) pong.complete(u.value());
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        });
        p.sendMessage(UserControl.pingRequest(12345));
        assertThat(pong.get(5, TimeUnit.SECONDS)).isEqualTo(12345L);

        // @setDataFrame onMetaData as an AMF3 data message (type 15: format byte 0, then AMF0)
        ByteBuf data = Unpooled.buffer().writeByte(0);
        Amf0Writer.write(data, "@setDataFrame");
        Amf0Writer.write(data, "onMetaData");
        Amf0Writer.writeEcmaArray(data, Map.of("width", 640.0, "encoder", "test"));
        p.sendMessage(new RawMessage(5, 15, p.streamId(), 0, data));
        await().atMost(5, TimeUnit.SECONDS).until(() -> rtmp.hub.online().get(0).metadata().containsKey("width"));
        assertThat(rtmp.hub.online().get(0).metadata()).containsEntry("encoder", "test");
        p.close().sync();
    }

    @Test
    void aggregateMessageSplitIntoItsTags() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        rtmp.hub.addListener(recorder);
        RtmpPublisher p = publish("agg");
        ByteBuf agg = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            byte[] body = {(byte) 0xAF, 1, (byte) i, 9};
            agg.writeByte(8).writeMedium(body.length).writeMedium(100 + i * 23).writeByte(0).writeMedium(0);
            agg.writeBytes(body).writeInt(11 + body.length);
        }
        p.sendMessage(new RawMessage(4, 22, p.streamId(), 5000, agg));
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.packets.size() == 3);
        assertThat(recorder.packets).extracting(PacketRecorder.Seen::dts).containsExactly(5000L, 5023L, 5046L);
        assertThat(recorder.packets).extracting(PacketRecorder.Seen::size).containsOnly(2);
        p.close().sync();
    }

    @Test
    void amf3WrappedCommandsAccepted() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        RtmpPublisher p = publish("cmd3");
        ByteBuf cmd = Unpooled.buffer().writeByte(0);
        Amf0Writer.write(cmd, "FCUnpublish");
        Amf0Writer.write(cmd, 0.0);
        Amf0Writer.write(cmd, null);
        Amf0Writer.write(cmd, "cmd3");
        assertThat(rtmp.hub.online()).hasSize(1);
        p.sendMessage(new RawMessage(3, 17, 0, 0, cmd));
        await().atMost(5, TimeUnit.SECONDS).until(() -> rtmp.hub.online().isEmpty());
        p.channel().close().sync();
    }
}
