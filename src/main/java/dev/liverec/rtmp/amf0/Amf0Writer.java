package dev.liverec.rtmp.amf0;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Encodes the Java shapes {@link Amf0Reader} produces (Number → AMF0 number, Map → object, List → strict array). */
public final class Amf0Writer {
    private Amf0Writer() {}

    public static void writeAll(ByteBuf out, List<?> values) {
        for (Object v : values) write(out, v);
    }

    public static void write(ByteBuf out, Object v) {
        if (v == null) {
            out.writeByte(Amf0.NULL);
        } else if (v instanceof Amf0.Undefined) {
            out.writeByte(Amf0.UNDEFINED);
        } else if (v instanceof Number n) {
            out.writeByte(Amf0.NUMBER).writeDouble(n.doubleValue());
        } else if (v instanceof Boolean b) {
            out.writeByte(Amf0.BOOLEAN).writeByte(b ? 1 : 0);
        } else if (v instanceof CharSequence s) {
            int len = ByteBufUtil.utf8Bytes(s);
            if (len > 0xFFFF) {
                out.writeByte(Amf0.LONG_STRING).writeInt(len);
            } else {
                out.writeByte(Amf0.STRING).writeShort(len);
            }
            out.writeCharSequence(s, StandardCharsets.UTF_8);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte(Amf0.OBJECT);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                writeKey(out, String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
            out.writeShort(0).writeByte(Amf0.OBJECT_END);
        } else if (v instanceof List<?> l) {
            out.writeByte(Amf0.STRICT_ARRAY).writeInt(l.size());
            for (Object o : l) write(out, o);
        } else if (v instanceof Instant t) {
            out.writeByte(Amf0.DATE).writeDouble(t.toEpochMilli()).writeShort(0);
        } else {
            throw new IllegalArgumentException("no AMF0 form for " + v.getClass().getName());
        }
    }

    /** An ECMA array, as onMetaData is conventionally sent. */
    public static void writeEcmaArray(ByteBuf out, Map<String, ?> m) {
        out.writeByte(Amf0.ECMA_ARRAY).writeInt(m.size());
        for (Map.Entry<String, ?> e : m.entrySet()) {
            writeKey(out, e.getKey());
            write(out, e.getValue());
        }
        out.writeShort(0).writeByte(Amf0.OBJECT_END);
    }

    private static void writeKey(ByteBuf out, String key) {
        int len = ByteBufUtil.utf8Bytes(key);
        out.writeShort(len).writeCharSequence(key, StandardCharsets.UTF_8);
    }
}
