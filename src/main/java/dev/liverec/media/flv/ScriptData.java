package dev.liverec.media.flv;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMF0 subset found in FLV script tags ({@code onMetaData}): numbers, booleans, strings, objects, ECMA and
 * strict arrays, null/undefined, dates. Objects decode to insertion-ordered maps, numbers to {@link Double}.
 */
public final class ScriptData {
    public static final int NUMBER = 0, BOOLEAN = 1, STRING = 2, OBJECT = 3, NULL = 5, UNDEFINED = 6,
            ECMA_ARRAY = 8, OBJECT_END = 9, STRICT_ARRAY = 10, DATE = 11, LONG_STRING = 12;
    private static final int MAX_DEPTH = 16;

    private ScriptData() {}

    /** Reads one value, advancing the reader index. */
    public static Object read(ByteBuf in) {
        return read(in, 0);
    }

    private static Object read(ByteBuf in, int depth) {
        if (depth > MAX_DEPTH) throw new MediaFormatException("AMF0 nesting too deep");
        need(in, 1);
        int type = in.readUnsignedByte();
        switch (type) {
            case NUMBER: need(in, 8); return in.readDouble();
            case BOOLEAN: need(in, 1); return in.readBoolean();
            case STRING: return readString(in, false);
            case LONG_STRING: return readString(in, true);
            case OBJECT: return readProperties(in, depth);
            case ECMA_ARRAY: need(in, 4); in.skipBytes(4); return readProperties(in, depth);
            case NULL: case UNDEFINED: return null;
            case STRICT_ARRAY: {
                need(in, 4);
                long n = in.readUnsignedInt();
                if (n > in.readableBytes()) throw new MediaFormatException("AMF0 array count out of range");
                List<Object> list = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) list.add(read(in, depth + 1));
                return list;
            }
            case DATE: need(in, 10); double ms = in.readDouble(); in.skipBytes(2); return ms;
            default: throw new MediaFormatException("unsupported AMF0 type " + type);
        }
    }

    private static Map<String, Object> readProperties(ByteBuf in, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            String key = readString(in, false);
            if (key.isEmpty()) {
                need(in, 1);
                int end = in.readUnsignedByte();
                if (end == OBJECT_END) return map;
                in.readerIndex(in.readerIndex() - 1); // an empty key followed by a value: tolerate it
            }
            map.put(key, read(in, depth + 1));
        }
    }

    private static String readString(ByteBuf in, boolean longString) {
        need(in, longString ? 4 : 2);
        long len = longString ? in.readUnsignedInt() : in.readUnsignedShort();
        need(in, len);
        String s = in.toString(in.readerIndex(), (int) len, StandardCharsets.UTF_8);
        in.skipBytes((int) len);
        return s;
    }

    private static void need(ByteBuf in, long n) {
        if (in.readableBytes() < n) throw new MediaFormatException("AMF0 value truncated");
    }

    // ---- writing

    public static void writeString(ByteBuf out, String s) {
        out.writeByte(STRING);
        writeKey(out, s);
    }

    public static void writeKey(ByteBuf out, String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.writeBytes(b);
    }

    public static void writeNumber(ByteBuf out, double v) {
        out.writeByte(NUMBER);
        out.writeDouble(v);
    }

    public static void writeBoolean(ByteBuf out, boolean v) {
        out.writeByte(BOOLEAN);
        out.writeByte(v ? 1 : 0);
    }

    public static void writeObjectEnd(ByteBuf out) {
        out.writeShort(0);
        out.writeByte(OBJECT_END);
    }

    /** Writes any value this class can read (Number, Boolean, String, Map, List, null). */
    @SuppressWarnings("unchecked")
    public static void write(ByteBuf out, Object v) {
        if (v == null) out.writeByte(NULL);
        else if (v instanceof Number n) writeNumber(out, n.doubleValue());
        else if (v instanceof Boolean b) writeBoolean(out, b);
        else if (v instanceof String s) writeString(out, s);
        else if (v instanceof Map<?, ?> m) {
            out.writeByte(ECMA_ARRAY);
            out.writeInt(m.size());
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                writeKey(out, e.getKey());
                write(out, e.getValue());
            }
            writeObjectEnd(out);
        } else if (v instanceof List<?> l) {
            out.writeByte(STRICT_ARRAY);
            out.writeInt(l.size());
            for (Object o : l) write(out, o);
        } else throw new IllegalArgumentException("not an AMF0 value: " + v.getClass());
    }
}
