package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

/** ModifyLiveCallbackTemplate (spec §5.1): partial update; "" clears a URL; at least one URL must remain. */
public final class ModifyLiveCallbackTemplate extends ControlAction {
    public ModifyLiveCallbackTemplate(ControlPlane cp) {
        super(cp, "ModifyLiveCallbackTemplate", CallbackTemplateInput.fields(false));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        long id = Inputs.requiredNonNegative(p, "TemplateId");
        cp.callbacks().modifyTemplate(accountId(call), id, cur -> CallbackTemplateInput.apply(p, cur),
                cp.clock().millis());
        return Json.object();
    }
}
