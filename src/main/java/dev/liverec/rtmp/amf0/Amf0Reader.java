package dev.liverec.rtmp.amf0;

import dev.liverec.rtmp.limits.RtmpLimits;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values into plain Java: Double, Boolean, String, {@code Map<String,Object>} (object, ECMA array,
 * typed object), {@code List<Object>} (strict array), Instant (date), null, {@link Amf0.Undefined}. Every length is
 * checked against the bytes actually present before anything is allocated, and nesting is capped, so hostile input
 * costs at most its own size. Throws only {@link Amf0Exception}.
 */
public final class Amf0Reader {
    private Amf0Reader() {}

    /** Reads values until the buffer is exhausted. */
    public static List<Object> readAll(ByteBuf in) {
        List<Object> out = new ArrayList<>();
        while (in.isReadable()) out.add(read(in));
        return out;
    }

    public static Object read(ByteBuf in) {
        return read(in, 0);
    }

    private static Object read(ByteBuf in, int depth) {
        if (depth > RtmpLimits.AMF0_MAX_DEPTH) throw new Amf0Exception("AMF0 nesting deeper than " + RtmpLimits.AMF0_MAX_DEPTH);
        need(in, 1);
        int marker = in.readUnsignedByte();
        switch (marker) {
            case Amf0.NUMBER:
                need(in, 8);
                return in.readDouble();
            case Amf0.BOOLEAN:
                need(in, 1);
                return in.readByte() != 0;
            case Amf0.STRING:
                return readUtf8(in);
            case Amf0.OBJECT:
                return readProperties(in, depth, new LinkedHashMap<>());
            case Amf0.NULL:
                return null;
            case Amf0.UNDEFINED:
            case Amf0.UNSUPPORTED:
                return Amf0.Undefined.INSTANCE;
            case Amf0.REFERENCE:
                need(in, 2);
                in.skipBytes(2); // references to earlier complex values: kept as undefined, no sender we know uses them
                return Amf0.Undefined.INSTANCE;
            case Amf0.ECMA_ARRAY:
                need(in, 4);
                in.skipBytes(4); // the count is a hint only; the end marker terminates
                return readProperties(in, depth, new LinkedHashMap<>());
            case Amf0.STRICT_ARRAY: {
                need(in, 4);
                long count = in.readUnsignedInt();
                if (count > in.readableBytes()) throw new Amf0Exception("strict array count " + count + " exceeds input");
                List<Object> list = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) list.add(read(in, depth + 1));
                return list;
            }
            case Amf0.DATE: {
                need(in, 10);
                double ms = in.readDouble();
                in.skipBytes(2); // time zone, unused by the spec
                if (Double.isNaN(ms) || Math.abs(ms) > 8.64e15) throw new Amf0Exception("date out of range");
                return Instant.ofEpochMilli((long) ms);
            }
            case Amf0.LONG_STRING:
            case Amf0.XML_DOCUMENT: {
                need(in, 4);
                long len = in.readUnsignedInt();
                need(in, len);
                return in.readCharSequence((int) len, StandardCharsets.UTF_8).toString();
            }
            case Amf0.TYPED_OBJECT:
                readUtf8(in); // class name
                return readProperties(in, depth, new LinkedHashMap<>());
            default:
                throw new Amf0Exception("unsupported AMF0 marker 0x" + Integer.toHexString(marker));
        }
    }

    private static Map<String, Object> readProperties(ByteBuf in, int depth, Map<String, Object> map) {
        while (true) {
            String key = readUtf8(in);
            if (key.isEmpty()) {
                need(in, 1);
                if (in.getUnsignedByte(in.readerIndex()) == Amf0.OBJECT_END) {
                    in.skipBytes(1);
                    return map;
                }
            }
            map.put(key, read(in, depth + 1));
        }
    }

    private static String readUtf8(ByteBuf in) {
        need(in, 2);
        int len = in.readUnsignedShort();
        need(in, len);
        return in.readCharSequence(len, StandardCharsets.UTF_8).toString();
    }

    private static void need(ByteBuf in, long n) {
        if (in.readableBytes() < n) throw new Amf0Exception("truncated AMF0 value: need " + n + " bytes, have " + in.readableBytes());
    }
}
