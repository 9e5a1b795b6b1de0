package dev.liverec.media.probe;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.mp4.BoxHeader;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Tracks of an MP4 (progressive or fragmented) from the sample descriptions in its {@code moov}:
 * {@code avc1/avc3 + avcC}, {@code hvc1/hev1 + hvcC} (picture size from the SPS), {@code mp4a} (the esds object type
 * tells AAC from MP3), {@code .mp3}.
 *
 * <p>The top-level walk is {@link BoxHeader}'s, shared with {@code Mp4Finalizer}. Inside {@code moov} this class
 * keeps its own small walk: it is lenient (a box it cannot follow ends the search, the file is only being described)
 * where the finalizer's is strict (a bad box fails the rewrite), and it follows other boxes (sample entries, esds).
 */
final class Mp4Probe {
    private static final int MAX_MOOV = 64 << 20;

    private Mp4Probe() {}

    static TrackFacts probe(FileChannel ch) throws IOException {
        return moov(moovBytes(ch));
    }

    /** The movie duration from {@code mvhd} in milliseconds. */
    static long durationMillis(FileChannel ch) throws IOException {
        byte[] b = moovBytes(ch);
        int[] mvhd = child(b, 0, b.length, "mvhd");
        if (mvhd == null || mvhd[1] - mvhd[0] < 20) throw new MediaFormatException("no mvhd");
        int i = mvhd[0];
        boolean v1 = b[i] == 1;
        if (v1 && mvhd[1] - mvhd[0] < 32) throw new MediaFormatException("mvhd version 1 too short");
        long timescale = u32(b, i + (v1 ? 20 : 12));
        long duration = v1 ? (u32(b, i + 24) << 32) | u32(b, i + 28) : u32(b, i + 16);
        if (timescale == 0) throw new MediaFormatException("mvhd timescale 0");
        return duration * 1000 / timescale;
    }

    private static byte[] moovBytes(FileChannel ch) throws IOException {
        for (BoxHeader h = BoxHeader.read(ch, 0); h != null; h = BoxHeader.read(ch, h.end())) {
            if (h.type().equals("moov")) {
                if (h.size() > MAX_MOOV) throw new MediaFormatException("moov too large");
                // a cut (or garbled) size claims more than the file holds: allocate only what is there
                long size = Math.min(h.size(), ch.size() - h.position());
                return ContainerProbe.read(ch, h.position() + h.headerSize(), (int) (size - h.headerSize()));
            }
        }
        throw new MediaFormatException("no moov");
    }

    static TrackFacts moov(byte[] b) {
        TrackFacts t = TrackFacts.NONE;
        for (int[] trak : children(b, 0, b.length, "trak")) {
            int[] stsd = path(b, trak, "mdia", "minf", "stbl", "stsd");
            if (stsd == null || stsd[1] - stsd[0] < 16) continue;
            int entry = stsd[0] + 8; // full box header + entry_count
            int entryEnd = Math.min(stsd[1], entry + (int) u32(b, entry));
            String format = type(b, entry + 4);
            switch (format) {
                case "avc1", "avc3" -> {
                    int[] c = child(b, entry + 86, entryEnd, "avcC");
                    AvcDecoderConfig cfg = c == null ? null : config(b, c, AvcDecoderConfig::parse);
                    t = t.withVideo(Codec.H264, cfg == null ? 0 : cfg.width(), cfg == null ? 0 : cfg.height());
                }
                case "hvc1", "hev1" -> {
                    int[] c = child(b, entry + 86, entryEnd, "hvcC");
                    HevcDecoderConfig cfg = c == null ? null : config(b, c, HevcDecoderConfig::parse);
                    t = t.withVideo(Codec.HEVC, cfg == null ? 0 : cfg.width(), cfg == null ? 0 : cfg.height());
                }
                case "av01" -> t = entry + 36 <= entryEnd ? t.withVideo(Codec.AV1, u16(b, entry + 32), u16(b, entry + 34))
                        : t.withVideo(Codec.AV1, 0, 0);
                case "mp4a" -> {
                    int[] esds = child(b, entry + 36, entryEnd, "esds");
                    int oti = esds == null ? 0x40 : objectType(b, esds[0] + 4, esds[1]);
                    t = t.withAudio(oti == 0x6B || oti == 0x69 ? Codec.MP3 : Codec.AAC);
                }
                case ".mp3" -> t = t.withAudio(Codec.MP3);
                default -> { }
            }
        }
        return t;
    }

    private static <T> T config(byte[] b, int[] box, java.util.function.Function<io.netty.buffer.ByteBuf, T> parser) {
        io.netty.buffer.ByteBuf buf = Unpooled.wrappedBuffer(b, box[0], box[1] - box[0]);
        try {
            return parser.apply(buf);
        } finally {
            buf.release();
        }
    }

    /** objectTypeIndication of the DecoderConfigDescriptor (tag 4) inside the ES_Descriptor (tag 3). */
    private static int objectType(byte[] b, int i, int end) {
        if (i >= end || b[i] != 0x03) return 0;
        i = skipLength(b, i + 1, end);
        if (i + 3 > end) return 0;
        int flags = b[i + 2] & 0xFF;
        i += 3;
        if ((flags & 0x80) != 0) i += 2; // dependsOn_ES_ID
        if ((flags & 0x40) != 0) i += i < end ? 1 + (b[i] & 0xFF) : 1; // URL
        if ((flags & 0x20) != 0) i += 2; // OCR_ES_Id
        if (i >= end || b[i] != 0x04) return 0;
        i = skipLength(b, i + 1, end);
        return i < end ? b[i] & 0xFF : 0;
    }

    private static int skipLength(byte[] b, int i, int end) {
        for (int n = 0; n < 4 && i < end; n++) {
            if ((b[i++] & 0x80) == 0) break;
        }
        return i;
    }

    /** [payloadStart, end) of the box reached by {@code types} from {@code box}'s payload, or null. */
    private static int[] path(byte[] b, int[] box, String... types) {
        int[] at = box;
        for (String t : types) {
            at = child(b, at[0], at[1], t);
            if (at == null) return null;
        }
        return at;
    }

    private static int[] child(byte[] b, int from, int to, String type) {
        var all = children(b, from, to, type);
        return all.isEmpty() ? null : all.get(0);
    }

    private static java.util.List<int[]> children(byte[] b, int from, int to, String type) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int i = from;
        while (i + 8 <= to) {
            long len = u32(b, i);
            if (len < 8 || i + len > to) break;
            if (type(b, i + 4).equals(type)) out.add(new int[] {i + 8, (int) (i + len)});
            i += (int) len;
        }
        return out;
    }

    private static long u32(byte[] b, int i) {
        return ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static String type(byte[] b, int i) {
        return new String(b, i, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
