package dev.liverec.api.template;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.control.RecordTemplate;

import java.util.Set;

/**
 * ModifyLiveRecordTemplate (spec §3.2), a partial update: an omitted field, sub-object or sub-field keeps its value.
 * IsDelayLive and CosStore cannot be changed (UnknownParameter, as they are not in the request).
 */
public final class ModifyLiveRecordTemplate extends ControlAction {
    public ModifyLiveRecordTemplate(ControlPlane cp) {
        super(cp, "ModifyLiveRecordTemplate", Set.of("TemplateId", "TemplateName", "Description", "FlvParam",
                "HlsParam", "Mp4Param", "AacParam", "Mp3Param", "HlsSpecialParam", "RemoveWatermark",
                "FlvSpecialParam"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        long id = Inputs.requiredNonNegative(p, "TemplateId");
        // validate everything that does not need the current row before touching the database
        String name = p.string("TemplateName").map(n -> Names.templateName("TemplateName", n)).orElse(null);
        String description = p.string("Description").map(d -> Names.description("Description", d)).orElse(null);
        Boolean removeWatermark = p.bool("RemoveWatermark").orElse(null);
        cp.templates().modify(accountId(call), id, cur -> new RecordTemplate(cur.templateId(), cur.accountId(),
                name != null ? name : cur.name(), description != null ? description : cur.description(),
                RecordTemplateInput.params(p, cur.params()), cur.isDelayLive(),
                RecordTemplateInput.flowContinueDuration(p, cur.flowContinueDuration()), cur.cosStore(),
                removeWatermark != null ? removeWatermark : cur.removeWatermark(),
                RecordTemplateInput.uploadInRecording(p, cur.uploadInRecording())), cp.clock().millis());
        return Json.object();
    }
}
