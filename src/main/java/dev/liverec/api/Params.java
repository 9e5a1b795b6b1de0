package dev.liverec.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed, validating access to an action's parameters. Numbers and booleans sent as strings ("1", "false") are
 * coerced, as the Tencent docs' own examples send them that way; anything else of the wrong type is
 * {@code InvalidParameter}. Parameter names are case-sensitive, as in Tencent's API.
 */
public final class Params {
    private final ObjectNode node;
    private final String prefix;

    public Params(ObjectNode node) {
        this(node, "");
    }

    private Params(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public ObjectNode node() { return node; }

    /** Rejects parameters the action does not define with {@code UnknownParameter}, as Tencent does. */
    public Params allowOnly(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new ApiException(ErrorCodes.UNKNOWN_PARAMETER,
                        "The parameter `" + prefix + name + "` is not recognized.");
            }
        }
        return this;
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    public String requiredString(String name) {
        return string(name).orElseThrow(() -> ApiException.missing(prefix + name));
    }

    public Optional<String> string(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) {
            if (v.isNumber() || v.isBoolean()) return Optional.of(v.asText());
            throw ApiException.invalid(prefix + name, "expected a String");
        }
        return Optional.of(v.textValue());
    }

    public long requiredLong(String name) {
        OptionalLong v = optionalLong(name);
        if (v.isEmpty()) throw ApiException.missing(prefix + name);
        return v.getAsLong();
    }

    public OptionalLong optionalLong(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return OptionalLong.empty();
        if (v.isIntegralNumber() && v.canConvertToLong()) return OptionalLong.of(v.longValue());
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.matches("-?\\d{1,19}")) {
                try {
                    return OptionalLong.of(Long.parseLong(s));
                } catch (NumberFormatException ignored) {
                    // falls through to the error below
                }
            }
        }
        throw ApiException.invalid(prefix + name, "expected an Integer");
    }

    public long longOr(String name, long dflt) {
        return optionalLong(name).orElse(dflt);
    }

    public Optional<Boolean> bool(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (v.isBoolean()) return Optional.of(v.booleanValue());
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.equalsIgnoreCase("true") || s.equals("1")) return Optional.of(true);
            if (s.equalsIgnoreCase("false") || s.equals("0")) return Optional.of(false);
        }
        if (v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) return Optional.of(v.longValue() == 1);
        throw ApiException.invalid(prefix + name, "expected a Boolean");
    }

    public Optional<Params> object(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isObject()) throw ApiException.invalid(prefix + name, "expected an object");
        return Optional.of(new Params((ObjectNode) v, prefix + name + "."));
    }

    public List<String> stringList(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw ApiException.invalid(prefix + name, "expected an Array of String");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw ApiException.invalid(prefix + name, "expected an Array of String");
            out.add(e.textValue());
        }
        return out;
    }
}
