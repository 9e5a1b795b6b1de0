package dev.liverec.rtmp.server;

import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.PacketRecorder;
import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.RawMessage;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.message.MessageEncoder;
import dev.liverec.rtmp.message.UserControl;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.StreamHub;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and broken peers: each is disconnected with a reason, and other streams carry on. */
class RobustnessTest {
    private RtmpFixture rtmp;
    private final LeakWatch leaks = LeakWatch.install();

    @AfterEach
    void stop() throws Exception {
        if (rtmp != null) rtmp.close();
        leaks.assertNoLeaks();
    }

    private Socket raw() throws IOException {
        Socket s = new Socket("127.0.0.1", rtmp.server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Plain handshake by hand; returns with the socket ready for chunks. */
    private static void handshake(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(3);
        out.write(new byte[1536]);
        out.flush();
        s.getInputStream().readNBytes(1 + 2 * 1536);
        out.write(new byte[1536]);
        out.flush();
    }

    private static long closedAfterMs(Socket s) throws IOException {
        long t0 = System.nanoTime();
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) { /* drain whatever the server sends */ }
        } catch (SocketException e) {
            // reset counts as closed
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void silentPeerIsClosedAtTheHandshakeTimeout() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL, StreamHub.ConflictPolicy.REFUSE, c -> {
            c.handshakeTimeoutSeconds = 1;
            c.idleTimeoutSeconds = 30;
        });
        try (Socket s = raw()) {
            s.getOutputStream().write(3); // a byte, then nothing: no idle, but no handshake either
            assertThat(closedAfterMs(s)).isBetween(500L, 5_000L);
        }
    }

    @Test
    void idlePeerIsClosedAtTheIdleTimeout() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL, StreamHub.ConflictPolicy.REFUSE, c -> {
            c.handshakeTimeoutSeconds = 30;
            c.idleTimeoutSeconds = 1;
        });
        try (Socket s = raw()) {
            handshake(s);
            assertThat(closedAfterMs(s)).isBetween(300L, 5_000L);
        }
    }

    @Test
    void malformedPeerIsDroppedWhileAnotherStreamContinues() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        PacketRecorder recorder = new PacketRecorder();
        rtmp.hub.addListener(recorder);
        try (ClientLoops loops = ClientLoops.create(1); FlvFile file = FlvFile.read(Ffmpeg.clip("av-nobf", 6))) {
            RtmpPublisher good = RtmpPublisher.connect(loops, rtmp.url("live"), "good", List.of());
            good.ready().get(5, TimeUnit.SECONDS);
            FlvReplay.start(file, good, 3_000);
            Thread.sleep(500);
            int before = recorder.packets.size();
            for (byte[] garbage : new byte[][] {
                    {(byte) 0x45, 0, 0, 0, 0, 0, 1, 8, 0},                       // type-1 header on a new chunk stream
                    {3, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 9, 1, 0, 0, 0}, // 16 MB message claim over the cap
                    {3, 0, 0, 0, 0, 0, 3, 20, 0, 0, 0, 0, 0x11, 0x11, 0x11}}) {    // AMF command with a bad marker
                try (Socket s = raw()) {
                    handshake(s);
                    s.getOutputStream().write(garbage);
                    s.getOutputStream().flush();
                    assertThat(closedAfterMs(s)).isLessThan(3_000L);
                }
            }
            assertThat(rtmp.server.stats().protocolErrors.get()).isEqualTo(3);
            Thread.sleep(700);
            assertThat(good.channel().isActive()).as("the good publisher is untouched").isTrue();
            assertThat(recorder.packets.size()).as("its packets keep flowing").isGreaterThan(before + 10);
            good.close().sync();
        }
    }

    @Test
    void peerThatNeverReadsCannotMakeTheServerBufferReplies() throws Exception {
        // millions of tiny messages: PARANOID tracking (a stack trace per buffer access) would take minutes here
        io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.SIMPLE);
        try {
            neverReadingPeer();
        } finally {
            io.netty.util.ResourceLeakDetector.setLevel(level);
        }
    }

    private void neverReadingPeer() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL, StreamHub.ConflictPolicy.REFUSE, c -> c.idleTimeoutSeconds = 3);
        ByteBuf ping = Unpooled.buffer();
        RawMessage m = MessageEncoder.toRaw(UserControl.pingRequest(1), ByteBufAllocator.DEFAULT);
        ChunkEncoder.encode(m, ping, 128);
        m.release();
        byte[] one = new byte[ping.readableBytes()];
        ping.readBytes(one);
        ping.release();
        byte[] batch = new byte[one.length * 4096];
        for (int i = 0; i < 4096; i++) System.arraycopy(one, 0, batch, i * one.length, one.length);
        long total = 64L * 1024 * 1024;  // 64 MB of pings ≈ 64 MB of pongs if the server kept answering
        AtomicLong written = new AtomicLong();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", rtmp.server.port()));
            handshake(s);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    while (written.get() < total) {
                        out.write(batch);
                        written.addAndGet(batch.length);
                    }
                } catch (IOException e) {
                    // closed by the server: expected
                }
            });
            writer.start();
            writer.join(15_000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(written.get()).as("the server stopped reading instead of queueing pongs").isLessThan(total);
        }
    }
}
