package dev.liverec.rtmp.server;

import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code rtmp.proxyProtocol}: the client a PROXY v1 or v2 header names is the one push authorization and the online
 * list see; a missing or malformed header (when required) or a silent connection closes that connection only, and
 * the per-address limit counts the named client, not the balancer.
 */
class ProxyProtocolTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress(ProxyHeaderForwarder.ip("203.0.113.7"), 40_000);
    private final ConcurrentHashMap<String, InetSocketAddress> authorized = new ConcurrentHashMap<>();
    private final PublishAuthorizer recording = (key, query, peer) -> {
        authorized.put(key.name(), peer);
        return 0L;
    };
    private final ClientLoops loops = ClientLoops.create(1);
    private RtmpFixture rtmp;
    private ProxyHeaderForwarder forwarder;

    private void start(String mode, Consumer<dev.liverec.config.RtmpConfig> tune) throws Exception {
        rtmp = new RtmpFixture(recording, StreamHub.ConflictPolicy.REFUSE, c -> {
            c.proxyProtocol = mode;
            tune.accept(c);
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (forwarder != null) forwarder.close();
        loops.close();
        if (rtmp != null) rtmp.close();
    }

    private RtmpPublisher publishThrough(int port, String name) throws Exception {
        RtmpPublisher p = RtmpPublisher.connect(loops, "rtmp://127.0.0.1:" + port + "/live", name, List.of());
        p.ready().get(10, TimeUnit.SECONDS);
        return p;
    }

    private InetSocketAddress online(String name) {
        return rtmp.hub.find(new StreamKey("127.0.0.1", "live", name)).orElseThrow().peer();
    }

    @Test
    void v1HeaderNamesTheClient() throws Exception {
        start("required", c -> { });
        forwarder = new ProxyHeaderForwarder(rtmp.server.port(), ProxyHeaderForwarder.v1(CLIENT, rtmp.server.port()));
        RtmpPublisher p = publishThrough(forwarder.port(), "v1");
        assertThat(authorized.get("v1")).isEqualTo(CLIENT);
        assertThat(online("v1")).isEqualTo(CLIENT);
        p.close().sync();
    }

    @Test
    void v2HeaderNamesTheClientOverIpv4AndIpv6() throws Exception {
        start("required", c -> { });
        forwarder = new ProxyHeaderForwarder(rtmp.server.port(), ProxyHeaderForwarder.v2(CLIENT, rtmp.server.port()));
        RtmpPublisher p = publishThrough(forwarder.port(), "v2");
        assertThat(online("v2")).isEqualTo(CLIENT);
        p.close().sync();

        InetSocketAddress v6 = new InetSocketAddress(ProxyHeaderForwarder.ip("2001:db8::7"), 50_000);
        try (ProxyHeaderForwarder f6 = new ProxyHeaderForwarder(rtmp.server.port(), ProxyHeaderForwarder.v2(v6, rtmp.server.port()))) {
            RtmpPublisher p6 = publishThrough(f6.port(), "v2six");
            assertThat(authorized.get("v2six")).isEqualTo(v6);
            p6.close().sync();
        }
    }

    @Test
    void optionalTakesAHeaderOrPlainRtmp() throws Exception {
        start("optional", c -> { });
        RtmpPublisher direct = publishThrough(rtmp.server.port(), "direct");
        assertThat(online("direct").getAddress().isLoopbackAddress()).isTrue();
        forwarder = new ProxyHeaderForwarder(rtmp.server.port(), ProxyHeaderForwarder.v1(CLIENT, rtmp.server.port()));
        RtmpPublisher proxied = publishThrough(forwarder.port(), "proxied");
        assertThat(online("proxied")).isEqualTo(CLIENT);
        direct.close().sync();
        proxied.close().sync();
    }

    @Test
    void offLeavesTheSocketPeer() throws Exception {
        start("off", c -> { });
        RtmpPublisher direct = publishThrough(rtmp.server.port(), "plain");
        assertThat(authorized.get("plain").getAddress().isLoopbackAddress()).isTrue();
        direct.close().sync();
    }

    @Test
    void requiredClosesPlainMalformedAndSilentConnectionsOnly() throws Exception {
        start("required", c -> c.handshakeTimeoutSeconds = 1);
        forwarder = new ProxyHeaderForwarder(rtmp.server.port(), ProxyHeaderForwarder.v1(CLIENT, rtmp.server.port()));
        RtmpPublisher good = publishThrough(forwarder.port(), "good");

        RtmpPublisher plain = RtmpPublisher.connect(loops, rtmp.url("live"), "plain", List.of());
        assertThatThrownBy(() -> plain.ready().get(10, TimeUnit.SECONDS)).isNotNull();
        plain.closed().get(10, TimeUnit.SECONDS);
        assertClosedAfterSending("PROXY TCP4 203.0.113.x 127.0.0.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII));
        assertClosedAfterSending("PROXY TCP4 203.0.113.7 127.0.0.1 1 2 and then far too much on one line for a v1 header ...........\r\n".getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        assertClosedAfterSending(new byte[0]); // silence: the handshake timeout (1 s) closes it
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8_000);

        assertThat(good.channel().isActive()).isTrue();
        assertThat(online("good")).isEqualTo(CLIENT);
        good.close().sync();
    }

    @Test
    void perAddressLimitCountsTheNamedClient() throws Exception {
        start("required", c -> c.maxConnectionsPerAddress = 1);
        int port = rtmp.server.port();
        try (Socket first = headerOnly(ProxyHeaderForwarder.v1(CLIENT, port));
             Socket other = headerOnly(ProxyHeaderForwarder.v2(new InetSocketAddress(ProxyHeaderForwarder.ip("198.51.100.9"), 1), port));
             Socket second = headerOnly(ProxyHeaderForwarder.v1(CLIENT, port))) {
            assertThat(readEof(second, 10_000)).as("a second connection from 203.0.113.7").isTrue();
            assertThat(readEof(first, 500)).as("the first one stays").isFalse();
            assertThat(readEof(other, 500)).as("another client through the same balancer").isFalse();
        }
    }

    private Socket headerOnly(byte[] header) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), rtmp.server.port());
        s.getOutputStream().write(header);
        s.getOutputStream().flush();
        return s;
    }

    private void assertClosedAfterSending(byte[] bytes) throws Exception {
        try (Socket s = headerOnly(bytes)) {
            assertThat(readEof(s, 10_000)).as("closed after %s", new String(bytes, StandardCharsets.US_ASCII)).isTrue();
        }
    }

    /** Whether the server closed the socket within {@code ms} (true), or it stayed open (false). */
    private static boolean readEof(Socket s, int ms) throws Exception {
        s.setSoTimeout(ms);
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }
}
