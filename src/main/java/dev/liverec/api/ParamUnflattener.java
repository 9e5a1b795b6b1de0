package dev.liverec.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flattened form/query parameters into the JSON shape a POST body would have (spec §1.1): dots separate object
 * fields, a numeric segment after the first is a zero-based list index ({@code FlvParam.Enable=1},
 * {@code List.0=x}). Values stay strings; {@link Params} coerces them. Lists must be dense.
 */
public final class ParamUnflattener {
    static final int MAX_INDEX = 9999;

    private ParamUnflattener() {}

    public static ObjectNode unflatten(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) put(root, e.getKey(), e.getValue());
        return (ObjectNode) toJson(root, "");
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, String value) {
        String[] segs = key.split("\\.", -1);
        Object container = root;
        for (int i = 0; i < segs.length; i++) {
            String seg = segs[i];
            if (seg.isEmpty()) throw invalid(key, "empty name segment");
            boolean last = i == segs.length - 1;
            Object next;
            if (container instanceof TreeMap<?, ?> list) {
                int idx = index(key, seg);
                next = ((TreeMap<Integer, Object>) list).get(idx);
                if (last) {
                    if (next != null) throw invalid(key, "conflicting parameters");
                    ((TreeMap<Integer, Object>) list).put(idx, value);
                    return;
                }
                if (next == null) {
                    next = newContainer(segs[i + 1]);
                    ((TreeMap<Integer, Object>) list).put(idx, next);
                }
            } else {
                Map<String, Object> obj = (Map<String, Object>) container;
                next = obj.get(seg);
                if (last) {
                    if (next != null) throw invalid(key, "conflicting parameters");
                    obj.put(seg, value);
                    return;
                }
                if (next == null) {
                    next = newContainer(segs[i + 1]);
                    obj.put(seg, next);
                }
            }
            if (next instanceof String) throw invalid(key, "conflicting parameters");
            if ((next instanceof TreeMap) != isIndex(segs[i + 1])) throw invalid(key, "mixes list indexes and field names");
            container = next;
        }
    }

    private static Object newContainer(String nextSeg) {
        return isIndex(nextSeg) ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
    }

    private static boolean isIndex(String seg) {
        return !seg.isEmpty() && seg.length() <= 5 && seg.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int index(String key, String seg) {
        if (!isIndex(seg)) throw invalid(key, "expected a list index");
        int i = Integer.parseInt(seg);
        if (i > MAX_INDEX) throw invalid(key, "list index too large");
        return i;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode toJson(Object o, String path) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (o instanceof String s) return f.textNode(s);
        if (o instanceof TreeMap<?, ?> list) {
            ArrayNode a = f.arrayNode();
            int expect = 0;
            for (Map.Entry<Integer, Object> e : ((TreeMap<Integer, Object>) list).entrySet()) {
                if (e.getKey() != expect) throw invalid(path + "." + expect, "list indexes must start at 0 without gaps");
                a.add(toJson(e.getValue(), path + "." + expect));
                expect++;
            }
            return a;
        }
        ObjectNode obj = f.objectNode();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
            obj.set(e.getKey(), toJson(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
        }
        return obj;
    }

    private static ApiException invalid(String key, String why) {
        return ApiException.invalid(key, why);
    }
}
