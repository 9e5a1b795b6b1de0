package dev.liverec.api.callback;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.api.Params;
import dev.liverec.control.CallbackStore;
import dev.liverec.control.CallbackTemplate;
import dev.liverec.control.Json;
import dev.liverec.control.Names;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Parsing and rendering of callback templates (spec §5.1). Notify URLs must be absolute http(s) URLs with a host,
 * else InvalidParameter.UrlNotSafe; a template needs at least one (MissingParameter). In a modification an omitted
 * field keeps its value and "" clears it.
 */
final class CallbackTemplateInput {
    static final Set<String> LEVELS = Set.of("error", "warning", "info", "alarm");
    static final int MAX_URL = 2048;

    private CallbackTemplateInput() {}

    static final List<String> URL_FIELDS = List.of("StreamBeginNotifyUrl", "StreamEndNotifyUrl", "RecordNotifyUrl",
            "RecordStatusNotifyUrl", "SnapshotNotifyUrl", "PornCensorshipNotifyUrl", "PushExceptionNotifyUrl",
            "AudioAuditNotifyUrl", "RecordExceptionNotifyUrl");

    static Set<String> fields(boolean create) {
        List<String> f = new ArrayList<>(URL_FIELDS);
        f.addAll(List.of("TemplateName", "Description", "CallbackKey", "StreamMixNotifyUrl", "RecordExceptionLevels"));
        f.add(create ? "TemplateName" : "TemplateId");
        return Set.copyOf(f);
    }

    static String url(String field, String value) {
        if (value.isEmpty()) return null;
        try {
            URI u = new URI(value);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty()
                    && value.length() <= MAX_URL && u.getRawUserInfo() == null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // same answer as any other unusable URL
        }
        throw new ApiException(ErrorCodes.INVALID_PARAM_URL_NOT_SAFE,
                "The value of `" + field + "` must be an http:// or https:// URL with a host.");
    }

    /** The request's values over {@code cur} (create: an empty template). */
    static CallbackStore.Stored apply(Params p, CallbackStore.Stored cur) {
        CallbackTemplate c = cur.template();
        String name = p.string("TemplateName").map(n -> Names.templateName("TemplateName", n)).orElse(c.name());
        String descr = p.string("Description").map(d -> Names.description("Description", d)).orElse(c.description());
        String key = p.string("CallbackKey").map(k -> {
            if (k.length() > 255 || k.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
                throw ApiException.invalidValue("CallbackKey", "at most 255 printable characters without spaces");
            }
            return k;
        }).orElse(c.callbackKey());
        List<String> levels = c.recordExceptionLevels();
        if (p.has("RecordExceptionLevels")) {
            levels = p.stringList("RecordExceptionLevels");
            for (String l : levels) {
                if (!LEVELS.contains(l)) throw ApiException.invalidValue("RecordExceptionLevels", "error, warning, info");
            }
            levels = levels.stream().distinct().toList();
        }
        Function<String, Function<String, String>> u = field -> old -> {
            Optional<String> given = p.string(field);
            return given.isPresent() ? url(field, given.get()) : old; // "" clears
        };
        CallbackTemplate t = new CallbackTemplate(c.templateId(), c.accountId(), name, descr,
                u.apply("StreamBeginNotifyUrl").apply(c.streamBeginNotifyUrl()),
                u.apply("StreamEndNotifyUrl").apply(c.streamEndNotifyUrl()),
                u.apply("RecordNotifyUrl").apply(c.recordNotifyUrl()),
                u.apply("RecordStatusNotifyUrl").apply(c.recordStatusNotifyUrl()),
                u.apply("SnapshotNotifyUrl").apply(c.snapshotNotifyUrl()),
                u.apply("PornCensorshipNotifyUrl").apply(c.pornCensorshipNotifyUrl()), key,
                u.apply("PushExceptionNotifyUrl").apply(c.pushExceptionNotifyUrl()),
                u.apply("AudioAuditNotifyUrl").apply(c.audioAuditNotifyUrl()),
                u.apply("RecordExceptionNotifyUrl").apply(c.recordExceptionNotifyUrl()), levels);
        String mix = u.apply("StreamMixNotifyUrl").apply(cur.streamMixNotifyUrl());
        boolean anyUrl = Stream.of(t.streamBeginNotifyUrl(), t.streamEndNotifyUrl(), t.recordNotifyUrl(),
                t.recordStatusNotifyUrl(), t.snapshotNotifyUrl(), t.pornCensorshipNotifyUrl(),
                t.pushExceptionNotifyUrl(), t.audioAuditNotifyUrl(), t.recordExceptionNotifyUrl(), mix)
                .anyMatch(x -> x != null);
        if (!anyUrl) {
            throw new ApiException(ErrorCodes.MISSING_PARAMETER, "A callback template needs at least one notify URL.");
        }
        return new CallbackStore.Stored(t, mix);
    }

    static ObjectNode render(CallbackStore.Stored s) {
        CallbackTemplate t = s.template();
        ObjectNode o = Json.object();
        o.put("TemplateId", t.templateId());
        o.put("TemplateName", t.name());
        o.put("Description", t.description());
        o.put("StreamBeginNotifyUrl", orEmpty(t.streamBeginNotifyUrl()));
        o.put("StreamMixNotifyUrl", orEmpty(s.streamMixNotifyUrl()));
        o.put("StreamEndNotifyUrl", orEmpty(t.streamEndNotifyUrl()));
        o.put("RecordNotifyUrl", orEmpty(t.recordNotifyUrl()));
        o.put("RecordStatusNotifyUrl", orEmpty(t.recordStatusNotifyUrl()));
        o.put("SnapshotNotifyUrl", orEmpty(t.snapshotNotifyUrl()));
        o.put("PornCensorshipNotifyUrl", orEmpty(t.pornCensorshipNotifyUrl()));
        o.put("CallbackKey", t.callbackKey());
        o.put("PushExceptionNotifyUrl", t.pushExceptionNotifyUrl());
        o.put("AudioAuditNotifyUrl", t.audioAuditNotifyUrl());
        o.put("RecordExceptionNotifyUrl", orEmpty(t.recordExceptionNotifyUrl()));
        ArrayNode levels = Json.array();
        t.recordExceptionLevels().forEach(levels::add);
        o.set("RecordExceptionLevels", levels);
        return o;
    }

    private static String orEmpty(String s) {
        return Optional.ofNullable(s).orElse("");
    }
}
