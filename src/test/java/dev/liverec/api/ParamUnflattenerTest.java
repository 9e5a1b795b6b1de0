package dev.liverec.api;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamUnflattenerTest {
    private static Map<String, String> m(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put(kv[i], kv[i + 1]);
        return out;
    }

    @Test
    void nestedObjectsAndLists() {
        var n = ParamUnflattener.unflatten(m("FlvParam.Enable", "1", "List.1", "y", "List.0", "x",
                "Rules.0.Name", "a", "Rules.0.Ids.0", "7", "Plain", "v"));
        assertThat(n.toString()).isEqualTo(
                "{\"FlvParam\":{\"Enable\":\"1\"},\"List\":[\"x\",\"y\"],\"Rules\":[{\"Name\":\"a\",\"Ids\":[\"7\"]}],\"Plain\":\"v\"}");
    }

    @Test
    void conflictsGapsAndEmptySegmentsAreInvalidParameter() {
        for (Map<String, String> bad : new Map[] {m("A", "1", "A.B", "2"), m("A.B", "2", "A", "1"), m("L.1", "x"),
                m("A..B", "1"), m("A.", "1"), m("L.0", "x", "L.K", "y"), m("L.99999", "x")}) {
            assertThatThrownBy(() -> ParamUnflattener.unflatten(bad)).as(bad.toString())
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("InvalidParameter"));
        }
    }

    @Test
    void formDecoding() {
        assertThat(FormDecoder.decode("a=1&b=x%20y+z&c=&d")).containsExactly(Map.entry("a", "1"), Map.entry("b", "x y z"),
                Map.entry("c", ""), Map.entry("d", ""));
        assertThatThrownBy(() -> FormDecoder.decode("a=1&a=2")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> FormDecoder.decode("a=%zz")).isInstanceOf(ApiException.class);
    }
}
