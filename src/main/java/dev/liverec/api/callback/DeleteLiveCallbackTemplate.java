package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** DeleteLiveCallbackTemplate (spec §5.1): FailedOperation.ConfInUsed while a callback rule uses it. */
public final class DeleteLiveCallbackTemplate extends ControlAction {
    public DeleteLiveCallbackTemplate(ControlPlane cp) {
        super(cp, "DeleteLiveCallbackTemplate", Set.of("TemplateId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        cp.callbacks().deleteTemplate(accountId(call), Inputs.requiredNonNegative(p, "TemplateId"));
        return Json.object();
    }
}
