package dev.liverec.media.flv;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Map;

/**
 * Reads an FLV byte stream (header, then tags) into {@link MediaPacket}s whose payloads are retained slices of
 * the input. Script tags are decoded: the last {@code onMetaData} is kept in {@link #metadata()}. A truncated
 * last tag ends the stream (a file cut by a crash). Timestamps wrap-around at 2^32 ms is unwrapped.
 */
public final class FlvReader {
    public static final int HEADER_SIZE = 9;
    private final ByteBuf in;
    private final boolean hasAudio;
    private final boolean hasVideo;
    private Map<String, Object> metadata;
    private long lastTagPosition = -1;
    private long lastRaw = -1;
    private long epoch;
    private boolean truncated;

    /** @param in the whole file or a prefix of it; not released by the reader */
    public FlvReader(ByteBuf in) {
        this.in = in.duplicate();
        if (this.in.readableBytes() < HEADER_SIZE + 4 || this.in.getByte(this.in.readerIndex()) != 'F'
                || this.in.getByte(this.in.readerIndex() + 1) != 'L' || this.in.getByte(this.in.readerIndex() + 2) != 'V') {
            throw new MediaFormatException("not an FLV file");
        }
        int base = this.in.readerIndex();
        int flags = this.in.getUnsignedByte(base + 4);
        hasAudio = (flags & 4) != 0;
        hasVideo = (flags & 1) != 0;
        long dataOffset = this.in.getUnsignedInt(base + 5);
        if (dataOffset < HEADER_SIZE || dataOffset + 4 > this.in.readableBytes()) throw new MediaFormatException("bad FLV header");
        this.in.readerIndex(base + (int) dataOffset + 4); // skip PreviousTagSize0
    }

    public boolean headerHasAudio() { return hasAudio; }
    public boolean headerHasVideo() { return hasVideo; }
    /** The last onMetaData seen so far, or null. */
    public Map<String, Object> metadata() { return metadata; }
    /** Byte offset (from the start of the input) of the tag of the packet last returned. */
    public long lastTagPosition() { return lastTagPosition; }
    /** Whether reading stopped at a truncated tag. */
    public boolean truncated() { return truncated; }

    /** The next audio/video packet, or null at the end. The caller owns (must release) the packet. */
    @SuppressWarnings("unchecked")
    public MediaPacket next() {
        while (true) {
            if (in.readableBytes() < 11) {
                truncated |= in.isReadable();
                return null;
            }
            int pos = in.readerIndex();
            int type = in.getUnsignedByte(pos) & 0x1F;
            int size = in.getUnsignedMedium(pos + 1);
            long raw = in.getUnsignedMedium(pos + 4) | ((long) in.getUnsignedByte(pos + 7) << 24);
            if (in.readableBytes() < 11 + size + 4) {
                truncated = true;
                return null;
            }
            ByteBuf body = in.slice(pos + 11, size);
            in.skipBytes(11 + size + 4);
            if (type == FlvTagBodies.TAG_SCRIPT) {
                try {
                    Object name = ScriptData.read(body);
                    if ("@setDataFrame".equals(name)) name = ScriptData.read(body);
                    if ("onMetaData".equals(name)) {
                        Object value = ScriptData.read(body);
                        if (value instanceof Map) metadata = (Map<String, Object>) value;
                    }
                } catch (MediaFormatException ignored) {
                    // a broken script tag does not make the media unreadable
                }
                continue;
            }
            if (type != FlvTagBodies.TAG_AUDIO && type != FlvTagBodies.TAG_VIDEO || size == 0) continue;
            long ts = unwrap(raw);
            MediaPacket p = type == FlvTagBodies.TAG_VIDEO ? FlvTagBodies.video(body, ts) : FlvTagBodies.audio(body, ts);
            if (p != null) {
                lastTagPosition = pos;
                return p;
            }
        }
    }

    private long unwrap(long raw) {
        if (lastRaw >= 0 && raw < lastRaw && lastRaw - raw > 0x80000000L) epoch += 0x100000000L;
        lastRaw = raw;
        return epoch + raw;
    }

    /** Reads every packet (tests and tools); the caller releases them. */
    public static List<MediaPacket> readAll(ByteBuf in) {
        FlvReader r = new FlvReader(in);
        List<MediaPacket> out = new java.util.ArrayList<>();
        for (MediaPacket p; (p = r.next()) != null; ) out.add(p);
        return out;
    }
}
