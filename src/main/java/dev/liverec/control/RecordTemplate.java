package dev.liverec.control;

import java.util.EnumMap;
import java.util.Map;

/**
 * A record template (spec §3). {@code params} holds every format, disabled ones included.
 * {@code flowContinueDuration} is HlsSpecialParam.FlowContinueDuration in seconds (0 = no HLS resume).
 */
public record RecordTemplate(long templateId, long accountId, String name, String description,
                             Map<RecordFormat, RecordParam> params, int isDelayLive, long flowContinueDuration,
                             Integer cosStore, Boolean removeWatermark, Boolean uploadInRecording) {

    /** What a task without a (valid) TemplateId records: HLS, kept forever (spec §2.1). */
    public static RecordTemplate defaultHls(long accountId) {
        Map<RecordFormat, RecordParam> p = new EnumMap<>(RecordFormat.class);
        for (RecordFormat f : RecordFormat.values()) p.put(f, RecordParam.disabled());
        p.put(RecordFormat.HLS, RecordParam.enabledDefaults());
        return new RecordTemplate(0, accountId, "default-hls", "", p, 0, 0, null, null, null);
    }

    public RecordParam param(RecordFormat f) {
        return params.getOrDefault(f, RecordParam.disabled());
    }
}
