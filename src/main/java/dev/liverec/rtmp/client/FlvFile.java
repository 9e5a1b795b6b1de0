package dev.liverec.rtmp.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An FLV file held in memory as a tag index over one buffer, so any number of replays share it: each send is a
 * retained slice, not a copy. Audio (8), video (9) and script data (18) tags are kept; timestamps are the tags'
 * 32-bit values (extended byte included).
 */
public final class FlvFile implements AutoCloseable {
    private final ByteBuf data;
    private final int count;
    private final int[] types;
    private final long[] timestamps;
    private final int[] offsets;
    private final int[] sizes;

    private FlvFile(ByteBuf data, int count, int[] types, long[] timestamps, int[] offsets, int[] sizes) {
        this.data = data;
        this.count = count;
        this.types = types;
        this.timestamps = timestamps;
        this.offsets = offsets;
        this.sizes = sizes;
    }

    public static FlvFile read(Path file) throws IOException {
        return parse(Unpooled.wrappedBuffer(Files.readAllBytes(file)));
    }

    /** Takes ownership of {@code buf}. */
    public static FlvFile parse(ByteBuf buf) throws IOException {
        try {
            if (buf.readableBytes() < 13 || buf.getByte(0) != 'F' || buf.getByte(1) != 'L' || buf.getByte(2) != 'V') {
                throw new IOException("not an FLV file");
            }
            int pos = (int) buf.getUnsignedInt(5) + 4;
            int n = 0;
            int cap = 1024;
            int[] types = new int[cap];
            long[] ts = new long[cap];
            int[] offs = new int[cap];
            int[] sizes = new int[cap];
            int end = buf.writerIndex();
            while (end - pos >= 11) {
                int type = buf.getUnsignedByte(pos) & 0x1F;
                int size = buf.getUnsignedMedium(pos + 1);
                long t = buf.getUnsignedMedium(pos + 4) | ((long) buf.getUnsignedByte(pos + 7) << 24);
                if (end - pos - 11 < size) break; // truncated last tag
                if (type == 8 || type == 9 || type == 18) {
                    if (n == cap) {
                        cap *= 2;
                        types = Arrays.copyOf(types, cap);
                        ts = Arrays.copyOf(ts, cap);
                        offs = Arrays.copyOf(offs, cap);
                        sizes = Arrays.copyOf(sizes, cap);
                    }
                    types[n] = type;
                    ts[n] = t;
                    offs[n] = pos + 11;
                    sizes[n] = size;
                    n++;
                }
                pos += 11 + size + 4;
            }
            return new FlvFile(buf, n, types, ts, offs, sizes);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    public int count() { return count; }
    public int type(int i) { return types[i]; }
    public long timestamp(int i) { return timestamps[i]; }
    public int size(int i) { return sizes[i]; }

    /** A retained slice of tag {@code i}'s body; the caller owns it. */
    public ByteBuf body(int i) {
        return data.retainedSlice(offsets[i], sizes[i]);
    }

    /** Timestamp span of the file plus one typical frame gap: how far timestamps advance per loop. */
    public long loopDuration() {
        if (count == 0) return 0;
        long first = Long.MAX_VALUE, last = 0;
        for (int i = 0; i < count; i++) {
            if (types[i] == 18) continue;
            first = Math.min(first, timestamps[i]);
            last = Math.max(last, timestamps[i]);
        }
        return first == Long.MAX_VALUE ? 0 : last - first + 40;
    }

    @Override
    public void close() {
        data.release();
    }
}
