package dev.liverec.api.template;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** DeleteLiveRecordTemplate (spec §3.3): FailedOperation.ConfInUsed while a record rule uses it. */
public final class DeleteLiveRecordTemplate extends ControlAction {
    public DeleteLiveRecordTemplate(ControlPlane cp) {
        super(cp, "DeleteLiveRecordTemplate", Set.of("TemplateId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        cp.templates().delete(accountId(call), Inputs.requiredNonNegative(p, "TemplateId"));
        return Json.object();
    }
}
