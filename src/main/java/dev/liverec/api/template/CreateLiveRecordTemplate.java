package dev.liverec.api.template;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTemplate;

import java.util.Map;
import java.util.Set;

/** CreateLiveRecordTemplate (spec §3.1): at most 50 per account (InternalError.ConfOutLimit). */
public final class CreateLiveRecordTemplate extends ControlAction {
    public CreateLiveRecordTemplate(ControlPlane cp) {
        super(cp, "CreateLiveRecordTemplate", Set.of("TemplateName", "Description", "FlvParam", "HlsParam",
                "Mp4Param", "AacParam", "Mp3Param", "IsDelayLive", "HlsSpecialParam", "CosStore", "RemoveWatermark",
                "FlvSpecialParam"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.templateName("TemplateName", p.requiredString("TemplateName"));
        String description = Names.description("Description", p.string("Description").orElse(""));
        Map<RecordFormat, RecordParam> params = RecordTemplateInput.params(p, Map.of());
        int isDelayLive = Inputs.oneOf(p, "IsDelayLive", 0, 0, 1);
        Integer cosStore = Inputs.optionalOneOf(p, "CosStore", 0, 1);
        if (cosStore != null && cosStore == 1) {
            for (Map.Entry<RecordFormat, String> e : RecordTemplateInput.FIELD.entrySet()) {
                RecordParam rp = params.get(e.getKey());
                if (rp.enabled() && (rp.cosBucketName() == null || rp.cosBucketPath() == null)) {
                    throw ApiException.missing(e.getValue() + (rp.cosBucketName() == null ? ".CosBucketName"
                            : ".CosBucketPath"));
                }
            }
        }
        RecordTemplate t = new RecordTemplate(0, accountId(call), name, description, params, isDelayLive,
                RecordTemplateInput.flowContinueDuration(p, 0), cosStore, p.bool("RemoveWatermark").orElse(null),
                RecordTemplateInput.uploadInRecording(p, null));
        long id = cp.templates().create(t, cp.clock().millis());
        return Json.object().put("TemplateId", id);
    }
}
