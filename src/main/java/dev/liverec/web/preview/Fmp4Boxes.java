package dev.liverec.web.preview;

import io.netty.buffer.ByteBuf;

/** Writes ISO BMFF boxes into a ByteBuf: open a box, write its body, close it (the size is patched in). */
final class Fmp4Boxes {
    private Fmp4Boxes() {}

    /** Starts a box; returns the writer index of its size field, for {@link #close}. */
    static int open(ByteBuf b, String type) {
        int at = b.writerIndex();
        b.writeInt(0);
        for (int i = 0; i < 4; i++) b.writeByte(type.charAt(i));
        return at;
    }

    /** Starts a full box (version + flags). */
    static int openFull(ByteBuf b, String type, int version, int flags) {
        int at = open(b, type);
        b.writeInt((version << 24) | (flags & 0xFFFFFF));
        return at;
    }

    static void close(ByteBuf b, int at) {
        b.setInt(at, b.writerIndex() - at);
    }

    static void zeros(ByteBuf b, int n) {
        b.writeZero(n);
    }
}
