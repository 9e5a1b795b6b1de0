package dev.liverec.api.template;

import dev.liverec.api.Inputs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.control.FileNamePattern;
import dev.liverec.control.Json;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTemplate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parsing, range checks and rendering of RecordTemplateInfo / RecordParam (spec §3.5–3.8). */
final class RecordTemplateInput {
    static final Map<RecordFormat, String> FIELD = new LinkedHashMap<>();

    static {
        FIELD.put(RecordFormat.FLV, "FlvParam");
        FIELD.put(RecordFormat.HLS, "HlsParam");
        FIELD.put(RecordFormat.MP4, "Mp4Param");
        FIELD.put(RecordFormat.AAC, "AacParam");
        FIELD.put(RecordFormat.MP3, "Mp3Param");
    }

    static final Set<String> PARAM_FIELDS = Set.of("RecordInterval", "StorageTime", "Enable", "VodSubAppId",
            "VodFileName", "Procedure", "StorageMode", "ClassId", "CosBucketName", "CosBucketRegion", "CosBucketPath");
    static final long MAX_STORAGE_TIME = 1500L * 86_400;
    static final long MAX_FLOW_CONTINUE = 1800;

    private RecordTemplateInput() {}

    /** Every format's param: the request's fields over {@code base} (create: disabled defaults; modify: current). */
    static Map<RecordFormat, RecordParam> params(Params p, Map<RecordFormat, RecordParam> base) {
        Map<RecordFormat, RecordParam> out = new EnumMap<>(RecordFormat.class);
        for (Map.Entry<RecordFormat, String> e : FIELD.entrySet()) {
            RecordParam b = base.getOrDefault(e.getKey(), RecordParam.disabled());
            out.put(e.getKey(), p.object(e.getValue()).map(sub -> param(sub, e.getValue(), e.getKey(), b)).orElse(b));
        }
        return out;
    }

    static RecordParam param(Params p, String field, RecordFormat f, RecordParam base) {
        p.allowOnly(PARAM_FIELDS);
        int interval = base.recordInterval();
        if (p.has("RecordInterval")) {
            long v = p.requiredLong("RecordInterval");
            interval = (int) switch (f) {
                case FLV, MP4 -> Inputs.range(p, field + ".RecordInterval", v, 60, 43_200);
                case AAC, MP3 -> Inputs.range(p, field + ".RecordInterval", v, 60, 7_200);
                case HLS -> Inputs.range(p, field + ".RecordInterval", v, 0, Integer.MAX_VALUE); // ignored for HLS
            };
        }
        long storageTime = p.has("StorageTime")
                ? Inputs.range(p, field + ".StorageTime", p.requiredLong("StorageTime"), 0, MAX_STORAGE_TIME)
                : base.storageTime();
        boolean enabled = base.enabled();
        if (p.has("Enable")) enabled = Inputs.range(p, field + ".Enable", p.requiredLong("Enable"), 0, 1) == 1;
        long subApp = p.has("VodSubAppId") ? Inputs.nonNegative(p, "VodSubAppId", 0) : base.vodSubAppId();
        String fileName = p.string("VodFileName")
                .map(s -> s.isEmpty() ? null : FileNamePattern.vodFileName(field + ".VodFileName", s))
                .orElse(base.vodFileName());
        String procedure = text(p, "Procedure", field, 255, base.procedure());
        String storageMode = p.string("StorageMode").map(s -> {
            if (s.isEmpty()) return null;
            if (!s.equals("normal") && !s.equals("cold")) {
                throw ApiException.invalidValue(field + ".StorageMode", "normal or cold");
            }
            return s;
        }).orElse(base.storageMode());
        Long classId = p.has("ClassId") ? Long.valueOf(Inputs.nonNegative(p, "ClassId", 0)) : base.classId();
        String bucket = text(p, "CosBucketName", field, 255, base.cosBucketName());
        String region = text(p, "CosBucketRegion", field, 64, base.cosBucketRegion());
        String path = p.string("CosBucketPath")
                .map(s -> s.isEmpty() ? null : FileNamePattern.cosBucketPath(field + ".CosBucketPath", s))
                .orElse(base.cosBucketPath());
        return new RecordParam(enabled, interval, storageTime, subApp, fileName, procedure, storageMode, classId,
                bucket, region, path);
    }

    private static String text(Params p, String name, String field, int max, String dflt) {
        return p.string(name).map(s -> {
            if (s.length() > max) throw ApiException.invalidValue(field + "." + name, "at most " + max + " characters");
            return s.isEmpty() ? null : s;
        }).orElse(dflt);
    }

    static long flowContinueDuration(Params p, long base) {
        return p.object("HlsSpecialParam").map(h -> {
            h.allowOnly(Set.of("FlowContinueDuration"));
            if (!h.has("FlowContinueDuration")) return base;
            return Inputs.range(h, "HlsSpecialParam.FlowContinueDuration", h.requiredLong("FlowContinueDuration"),
                    0, MAX_FLOW_CONTINUE);
        }).orElse(base);
    }

    static Boolean uploadInRecording(Params p, Boolean base) {
        return p.object("FlvSpecialParam").map(f -> {
            f.allowOnly(Set.of("UploadInRecording"));
            return f.bool("UploadInRecording").orElse(base);
        }).orElse(base);
    }

    static ObjectNode render(RecordTemplate t) {
        ObjectNode o = Json.object();
        o.put("TemplateId", t.templateId());
        o.put("TemplateName", t.name());
        o.put("Description", t.description());
        for (Map.Entry<RecordFormat, String> e : FIELD.entrySet()) o.set(e.getValue(), render(t.param(e.getKey())));
        o.put("IsDelayLive", t.isDelayLive());
        o.set("HlsSpecialParam", Json.object().put("FlowContinueDuration", t.flowContinueDuration()));
        if (t.removeWatermark() == null) o.putNull("RemoveWatermark"); else o.put("RemoveWatermark", t.removeWatermark());
        if (t.cosStore() == null) o.putNull("CosStore"); else o.put("CosStore", t.cosStore());
        if (t.uploadInRecording() == null) o.putNull("FlvSpecialParam");
        else o.set("FlvSpecialParam", Json.object().put("UploadInRecording", t.uploadInRecording()));
        return o;
    }

    static ObjectNode render(RecordParam r) {
        ObjectNode o = Json.object();
        o.put("RecordInterval", r.recordInterval());
        o.put("StorageTime", r.storageTime());
        o.put("Enable", r.enabled() ? 1 : 0);
        o.put("VodSubAppId", r.vodSubAppId());
        o.put("VodFileName", r.vodFileName() == null ? "" : r.vodFileName());
        o.put("Procedure", r.procedure());
        o.put("StorageMode", r.storageMode());
        if (r.classId() == null) o.putNull("ClassId"); else o.put("ClassId", r.classId());
        o.put("CosBucketName", r.cosBucketName());
        o.put("CosBucketRegion", r.cosBucketRegion());
        o.put("CosBucketPath", r.cosBucketPath());
        return o;
    }
}
