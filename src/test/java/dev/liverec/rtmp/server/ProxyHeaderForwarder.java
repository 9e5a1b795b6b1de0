package dev.liverec.rtmp.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny TCP balancer for tests: every connection to {@link #port()} is forwarded to the target after a PROXY
 * protocol header that names a client (as HAProxy's {@code send-proxy} / {@code send-proxy-v2} would); with an empty
 * header it is a plain relay from another source address.
 */
public final class ProxyHeaderForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public ProxyHeaderForwarder(int targetPort, byte[] header) throws IOException {
        this(InetAddress.getLoopbackAddress(), targetPort, header);
    }

    /** @param source the address connections to the target come from (a client other than this host's 127.0.0.1) */
    public ProxyHeaderForwarder(InetAddress source, int targetPort, byte[] header) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket in = listener.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort, source, 0);
                    sockets.add(in);
                    sockets.add(out);
                    out.getOutputStream().write(header);
                    pipe(in, out);
                    pipe(out, in);
                } catch (IOException e) {
                    // listener closed or target gone
                }
            }
        }, "proxy-forwarder");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() { return listener.getLocalPort(); }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** {@code PROXY TCP4|TCP6 src dst sport dport\r\n}. */
    public static byte[] v1(InetSocketAddress client, int targetPort) {
        boolean v6 = client.getAddress().getAddress().length == 16;
        String line = "PROXY " + (v6 ? "TCP6 " : "TCP4 ") + client.getAddress().getHostAddress() + " "
                + (v6 ? "::1" : "127.0.0.1") + " " + client.getPort() + " " + targetPort + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary v2 header: signature, version 2 + PROXY, TCP over IPv4 or IPv6, addresses, ports. */
    public static byte[] v2(InetSocketAddress client, int targetPort) {
        byte[] src = client.getAddress().getAddress();
        byte[] dst = src.length == 16 ? new byte[16] : new byte[] {127, 0, 0, 1};
        dst[dst.length - 1] = 1; // ::1 or 127.0.0.1
        ByteBuffer b = ByteBuffer.allocate(16 + 2 * src.length + 4);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) (src.length == 16 ? 0x21 : 0x11)).putShort((short) (2 * src.length + 4));
        b.put(src).put(dst).putShort((short) client.getPort()).putShort((short) targetPort);
        return b.array();
    }

    /** An IP literal as an address (no name lookup). */
    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) closeQuietly(s);
    }
}
