package dev.liverec.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 keep-alive client connection for the API benchmark ({@code bench api --client raw}): one request
 * at a time, Content-Length bodies only (what the API sends). It costs the load generator far less CPU than
 * java.net.http, which matters when client and server share two cores. Not a general-purpose client.
 */
final class KeepAliveConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code POST /} and returns the status code and body. */
    Response post(String hostHeader, Map<String, String> headers, byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (socket == null) connect();
                StringBuilder sb = new StringBuilder(512).append("POST / HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
                headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
                sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (attempt >= 1) throw e; // one retry on a connection the server closed while idle
            }
        }
    }

    record Response(int status, byte[] body) {}

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    private Response read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.")) throw new IOException("bad status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String h; !(h = line()).isEmpty(); ) {
            int c = h.indexOf(':');
            if (c < 0) continue;
            String name = h.substring(0, c).trim().toLowerCase(Locale.ROOT), value = h.substring(c + 1).trim();
            if (name.equals("content-length")) length = Integer.parseInt(value);
            else if (name.equals("connection") && value.equalsIgnoreCase("close")) close = true;
            else if (name.equals("transfer-encoding")) throw new IOException("chunked replies are not supported");
        }
        if (length < 0) throw new IOException("reply without Content-Length");
        byte[] body = in.readNBytes(length);
        if (body.length < length) throw new IOException("truncated reply");
        if (close) close();
        return new Response(code, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("connection closed");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
