package dev.liverec.media.flv;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.codec.Mp3FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Map;

/**
 * Completes an FLV file that {@link FlvWriter} did not close (a crash): cuts a partly written last tag, appends
 * the final PreviousTagSize and rewrites the reserved {@code onMetaData} in place with duration, size and
 * keyframe index — the same bytes {@link FlvWriter#close} would have produced for the tags that survived.
 * Reads only tag headers (plus the small sequence-header bodies), so it is cheap on long files. An FLV not
 * written by liverec (no reserved {@code padding}) is cut and terminated but its metadata left as is.
 * A file transformation done in place on the channel.
 */
public final class FlvRepair {
    public record Result(long size, long durationMs, boolean metadataPatched, long droppedBytes, int keyframes) {}

    private FlvRepair() {}

    public static Result repair(SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        ByteBuf head = read(ch, 0, (int) Math.min(size, 13 + 11));
        try {
            if (head.readableBytes() < 13 || head.getByte(0) != 'F' || head.getByte(1) != 'L' || head.getByte(2) != 'V') {
                throw new MediaFormatException("not an FLV file");
            }
            int flags = head.getUnsignedByte(4);
            boolean hasAudio = (flags & 4) != 0, hasVideo = (flags & 1) != 0;
            long dataOffset = head.getUnsignedInt(5);
            // a garbled offset would put the final PreviousTagSize gigabytes past the end (a sparse file)
            if (dataOffset < FlvReader.HEADER_SIZE || dataOffset + 4 > size) throw new MediaFormatException("bad FLV header");
            // validEnd: end of the last complete tag (or of the header); the final PreviousTagSize goes there
            long validEnd = dataOffset;
            int lastTagSize = 0;
            long pos = dataOffset + 4;
            FlvIndex index = null;
            long metadataPosition = dataOffset;
            if (head.readableBytes() >= pos + 11 && head.getUnsignedByte((int) pos) == FlvTagBodies.TAG_SCRIPT) {
                int dataSize = head.getUnsignedMedium((int) pos + 1);
                if (pos + 11 + dataSize <= size) {
                    index = ownIndex(ch, pos, dataSize, hasVideo, hasAudio);
                    validEnd = pos + 11 + dataSize;
                    lastTagSize = 11 + dataSize;
                    pos = validEnd + 4;
                }
            }
            if (index == null) index = new FlvIndex(hasVideo, hasAudio, 0); // used for the duration only
            boolean audioKnown = false;
            while (pos + 11 <= size) {
                ByteBuf h = read(ch, pos, (int) Math.min(13, size - pos));
                int type = h.getUnsignedByte(0) & 0x1F;
                int dataSize = h.getUnsignedMedium(1);
                long ts = h.getUnsignedMedium(4) | ((long) h.getUnsignedByte(7) << 24);
                if (pos + 11 + dataSize > size || h.readableBytes() < 11 + Math.min(2, dataSize)) {
                    h.release();
                    break;
                }
                int b0 = dataSize > 0 ? h.getUnsignedByte(11) : 0;
                int b1 = dataSize > 1 ? h.getUnsignedByte(12) : 0;
                h.release();
                if (type == FlvTagBodies.TAG_VIDEO && dataSize > 0) {
                    boolean enhanced = (b0 & 0x80) != 0;
                    boolean seq = enhanced ? (b0 & 0x0F) == FlvTagBodies.EX_SEQUENCE_START : b1 == 0;
                    boolean key = (enhanced ? (b0 >> 4) & 7 : b0 >> 4) == 1;
                    if (seq) videoConfig(ch, pos, dataSize, ts, index);
                    else index.video(ts, pos, dataSize, key);
                } else if (type == FlvTagBodies.TAG_AUDIO && dataSize > 0) {
                    int format = b0 >> 4;
                    if (format == FlvTagBodies.SOUND_AAC && b1 == 0) {
                        ByteBuf body = read(ch, pos + 11, dataSize);
                        try {
                            if (dataSize < 2) throw new MediaFormatException("short AAC audio tag");
                            AacConfig c = AacConfig.parse(body.skipBytes(2));
                            index.audioConfig(FlvTagBodies.SOUND_AAC, c.sampleRate(), c.channels());
                        } catch (MediaFormatException ignored) {
                            // a broken AudioSpecificConfig leaves the audio fields empty, like a broken video one
                        } finally {
                            body.release();
                        }
                    } else {
                        if (!audioKnown && format != FlvTagBodies.SOUND_AAC && dataSize >= 5) {
                            ByteBuf body = read(ch, pos + 12, 4);
                            try {
                                Mp3FrameHeader m = Mp3FrameHeader.parse(body);
                                index.audioConfig(FlvTagBodies.SOUND_MP3, m.sampleRate(), m.channels());
                            } catch (MediaFormatException ignored) {
                                // not MPEG audio: leave the audio fields empty
                            } finally {
                                body.release();
                            }
                        }
                        audioKnown = true;
                        index.audio(ts, dataSize);
                    }
                }
                validEnd = pos + 11 + dataSize;
                lastTagSize = 11 + dataSize;
                pos = validEnd + 4;
            }
            long dropped = size - (validEnd + 4);
            ch.truncate(validEnd);
            ByteBuf trailer = Unpooled.buffer(4).writeInt(lastTagSize);
            try {
                write(ch, validEnd, trailer);
            } finally {
                trailer.release();
            }
            long newSize = validEnd + 4;
            boolean patched = index.ownLayout;
            if (patched) {
                ByteBuf meta = index.render(true, newSize);
                try {
                    write(ch, metadataPosition, meta);
                } finally {
                    meta.release();
                }
            }
            return new Result(newSize, index.durationMs(), patched, Math.max(0, dropped), index.keyframeCount());
        } finally {
            head.release();
        }
    }

    /** The index for a file whose first script tag is liverec's fixed-size onMetaData, else a non-patching one. */
    private static FlvIndex ownIndex(SeekableByteChannel ch, long pos, int dataSize, boolean hasVideo, boolean hasAudio) throws IOException {
        FlvIndex probe = new FlvIndex(hasVideo, hasAudio, 0);
        int base = probe.tagSize();
        int total = 4 + 11 + dataSize;
        int capacity = hasVideo ? (total - base) / 18 : 0;
        FlvIndex index = new FlvIndex(hasVideo, hasAudio, capacity);
        if (capacity < 0 || index.tagSize() != total) return new FlvIndex(hasVideo, hasAudio, 0);
        ByteBuf body = read(ch, pos + 11, dataSize);
        try {
            Object name = ScriptData.read(body);
            Object value = ScriptData.read(body);
            if (!"onMetaData".equals(name) || !(value instanceof Map<?, ?> m) || !(m.get("padding") instanceof List<?>)) {
                return new FlvIndex(hasVideo, hasAudio, 0);
            }
        } catch (MediaFormatException e) {
            return new FlvIndex(hasVideo, hasAudio, 0);
        } finally {
            body.release();
        }
        index.ownLayout = true;
        return index;
    }

    private static void videoConfig(SeekableByteChannel ch, long pos, int dataSize, long ts, FlvIndex index) throws IOException {
        ByteBuf body = read(ch, pos + 11, dataSize);
        MediaPacket p = null;
        try {
            p = FlvTagBodies.video(body, ts);
            if (p == null) return;
            boolean enhanced = (body.getUnsignedByte(0) & 0x80) != 0;
            switch (p.codec()) {
                case H264 -> {
                    AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload());
                    index.videoConfig(FlvTagBodies.CODEC_AVC, c.width(), c.height());
                }
                case HEVC -> {
                    HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload());
                    index.videoConfig(enhanced ? FlvTagBodies.FOURCC_HVC1 : FlvTagBodies.CODEC_HEVC_LEGACY, c.width(), c.height());
                }
                case AV1 -> index.videoConfig(FlvTagBodies.FOURCC_AV01, 0, 0);
                default -> { }
            }
        } catch (MediaFormatException ignored) {
            // a broken sequence header leaves width/height at 0
        } finally {
            if (p != null) p.release();
            body.release();
        }
    }

    private static ByteBuf read(SeekableByteChannel ch, long pos, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(len);
        ch.position(pos);
        while (bb.hasRemaining()) if (ch.read(bb) < 0) break;
        bb.flip();
        return Unpooled.wrappedBuffer(bb);
    }

    private static void write(SeekableByteChannel ch, long pos, ByteBuf b) throws IOException {
        ByteBuffer bb = b.nioBuffer();
        ch.position(pos);
        while (bb.hasRemaining()) ch.write(bb);
    }
}
