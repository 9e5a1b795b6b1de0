package dev.liverec.rtmp.amf0;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Amf0Test {
    @Test
    void roundTripsEveryShape() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("app", "live");
        obj.put("n", 3.5);
        obj.put("ok", true);
        obj.put("nested", new LinkedHashMap<>(Map.of("x", "y")));
        obj.put("list", new ArrayList<>(List.of(1.0, "two")));
        obj.put("nil", null);
        List<Object> values = new ArrayList<>(List.of("connect", 1.0, obj, Instant.ofEpochMilli(1_700_000_000_000L)));
        values.add(Amf0.Undefined.INSTANCE);
        ByteBuf b = Unpooled.buffer();
        Amf0Writer.writeAll(b, values);
        assertThat(Amf0Reader.readAll(b)).isEqualTo(values);
        b.release();
    }

    @Test
    void ecmaArrayAndLongStringAndTypedObject() {
        ByteBuf b = Unpooled.buffer();
        Amf0Writer.writeEcmaArray(b, Map.of("width", 1280.0));
        String big = "x".repeat(70_000);
        Amf0Writer.write(b, big);
        b.writeByte(Amf0.TYPED_OBJECT).writeShort(3).writeBytes("Cls".getBytes()).writeShort(1).writeByte('a')
                .writeByte(Amf0.BOOLEAN).writeByte(1).writeShort(0).writeByte(Amf0.OBJECT_END);
        List<Object> v = Amf0Reader.readAll(b);
        assertThat(v.get(0)).isEqualTo(Map.of("width", 1280.0));
        assertThat(v.get(1)).isEqualTo(big);
        assertThat(v.get(2)).isEqualTo(Map.of("a", true));
        b.release();
    }

    @Test
    void truncatedInputIsAnAmf0Exception() {
        ByteBuf b = Unpooled.buffer().writeByte(Amf0.STRING).writeShort(10).writeBytes("abc".getBytes());
        assertThatThrownBy(() -> Amf0Reader.read(b)).isInstanceOf(Amf0Exception.class).hasMessageContaining("truncated");
        b.release();
    }

    @Test
    void hugeStrictArrayCountDoesNotAllocate() {
        ByteBuf b = Unpooled.buffer().writeByte(Amf0.STRICT_ARRAY).writeInt(0x7FFFFFFF).writeByte(Amf0.NULL);
        assertThatThrownBy(() -> Amf0Reader.read(b)).isInstanceOf(Amf0Exception.class).hasMessageContaining("exceeds");
        b.release();
    }

    @Test
    void nestingIsCapped() {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 100; i++) b.writeByte(Amf0.STRICT_ARRAY).writeInt(1);
        b.writeByte(Amf0.NULL);
        assertThatThrownBy(() -> Amf0Reader.read(b)).isInstanceOf(Amf0Exception.class).hasMessageContaining("nesting");
        b.release();
    }

    @Test
    void unknownMarkerRejected() {
        ByteBuf b = Unpooled.buffer().writeByte(0x11);
        assertThatThrownBy(() -> Amf0Reader.read(b)).isInstanceOf(Amf0Exception.class).hasMessageContaining("0x11");
        b.release();
    }
}
