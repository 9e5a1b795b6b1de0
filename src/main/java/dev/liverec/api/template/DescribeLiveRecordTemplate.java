package dev.liverec.api.template;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.RecordTemplateStore;

import java.util.Set;

/** DescribeLiveRecordTemplate (spec §3.4). */
public final class DescribeLiveRecordTemplate extends ControlAction {
    public DescribeLiveRecordTemplate(ControlPlane cp) {
        super(cp, "DescribeLiveRecordTemplate", Set.of("TemplateId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        long id = Inputs.requiredNonNegative(p, "TemplateId");
        var t = cp.templates().find(accountId(call), id).orElseThrow(() -> RecordTemplateStore.notFound(id));
        return Json.object().set("Template", RecordTemplateInput.render(t));
    }
}
