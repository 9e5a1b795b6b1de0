package dev.liverec.api;

import dev.liverec.control.account.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, D3: a POST declaring {@code Content-Length: 10000000000} is answered with RequestSizeLimitExceeded and the
 * connection is closed at once, without reading (and discarding) the body and without serving a next request on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizeRequestTest {
    @TempDir static Path dir;
    private ApiTestServer srv;

    @BeforeAll
    void start() throws Exception {
        srv = new ApiTestServer(dir, cfg -> cfg.api.maxBodyBytes = 8192);
    }

    @AfterAll
    void stop() {
        srv.close();
    }

    @Test
    void tenGigabyteClaimIsAnsweredAndTheConnectionClosedUnread() throws Exception {
        Credential c = srv.newCredential();
        byte[] start = "{\"Pad\":\"".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = srv.tc3Headers(c, "TestEcho", start, ApiTestServer.now());
        try (Socket s = new Socket("127.0.0.1", srv.port)) {
            s.setSoTimeout(5_000);
            StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n"); // keep-alive: no Connection: close from us
            h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: 10000000000\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(start);
            out.write(new byte[64 * 1024]);
            out.flush();
            InputStream in = s.getInputStream();
            String reply = readReply(in);
            assertThat(reply).contains("RequestSizeLimitExceeded");
            assertThat(reply.toLowerCase()).contains("connection: close");
            long t0 = System.nanoTime();
            boolean closed;
            try {
                closed = in.read() == -1; // the server closes instead of draining 10 GB
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            assertThat(closed).as("server closed the connection after the reply").isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4_000);
        }
    }

    /** Reads one reply (headers + Content-Length body) without waiting for the end of the stream. */
    private static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before a reply: " + head);
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
