package dev.liverec.web;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The issue-10 D1 attacker: a plain RTMP handshake, Set Chunk Size 1 MiB, then on chunk streams 3..17 a type-0
 * header announcing a message of 8 MiB - 1 followed by 1 MiB of its payload, and nothing more: every message stays
 * partial. The socket stays open until {@link #close()}.
 */
final class RtmpPendingMessageFlood implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    static final int ANNOUNCED = (8 << 20) - 1;
    private final Socket socket;

    private RtmpPendingMessageFlood(Socket socket) {
        this.socket = socket;
    }

    /** Connects and sends everything; a peer the server closed along the way is returned as well. */
    static RtmpPendingMessageFlood attack(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        RtmpPendingMessageFlood f = new RtmpPendingMessageFlood(s);
        try {
            OutputStream out = s.getOutputStream();
            byte[] c0c1 = new byte[1 + 1536];
            c0c1[0] = 3;
            out.write(c0c1);
            out.flush();
            byte[] s0s1s2 = new byte[1 + 1536 + 1536];
            new DataInputStream(s.getInputStream()).readFully(s0s1s2);
            out.write(s0s1s2, 1, 1536); // C2 echoes S1
            // Set Chunk Size on chunk stream 2, message stream 0
            out.write(header(2, 4, 1, 0));
            out.write(ByteBuffer.allocate(4).putInt(CHUNK).array());
            byte[] payload = new byte[CHUNK];
            for (int cs = 3; cs <= 17; cs++) {
                out.write(header(cs, ANNOUNCED, 9, 1));
                out.write(payload);
            }
            out.flush();
        } catch (IOException closedByServer) {
            // shed or refused: that is the server defending itself
        }
        return f;
    }

    private static byte[] header(int csid, int length, int type, int streamId) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.put((byte) csid); // fmt 0
        b.put((byte) 0).put((byte) 0).put((byte) 0); // timestamp
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        b.put((byte) type);
        b.put((byte) streamId).put((byte) 0).put((byte) 0).put((byte) 0); // little endian
        return b.array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
