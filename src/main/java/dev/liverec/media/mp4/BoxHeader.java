package dev.liverec.media.mp4;

import dev.liverec.media.MediaFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The header of a top-level ISO BMFF box in a file: 32-bit size (1 = a 64-bit size follows, 0 = to the end of the
 * file) and type. The walk over a file's boxes that {@link Mp4Finalizer} (via {@link FragmentIndex}) and
 * {@code media.probe} share: {@code for (BoxHeader h = read(ch, 0); h != null; h = read(ch, h.end()))}.
 */
public record BoxHeader(long position, String type, int headerSize, long size) {
    /** First byte after the box (may lie past the end of a cut file: see {@link #completeIn}). */
    public long end() {
        return position + size;
    }

    public boolean completeIn(long fileSize) {
        return end() <= fileSize;
    }

    /**
     * The header at {@code pos}, or null when the file ends before a whole header.
     * @throws MediaFormatException when the size is smaller than the header
     */
    public static BoxHeader read(SeekableByteChannel ch, long pos) throws IOException {
        long fileSize = ch.size();
        if (pos + 8 > fileSize) return null;
        ByteBuffer h = ByteBuffer.allocate((int) Math.min(16, fileSize - pos));
        ch.position(pos);
        while (h.hasRemaining()) if (ch.read(h) < 0) return null;
        long size = h.getInt(0) & 0xFFFFFFFFL;
        String type = new String(h.array(), 4, 4, StandardCharsets.ISO_8859_1);
        int headerSize = 8;
        if (size == 1) {
            if (h.capacity() < 16) return null;
            size = h.getLong(8);
            headerSize = 16;
        } else if (size == 0) {
            size = fileSize - pos;
        }
        if (size < headerSize) throw new MediaFormatException("bad box size at " + pos);
        return new BoxHeader(pos, type, headerSize, size);
    }
}
