package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.CallbackStore;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** DescribeLiveCallbackTemplate (spec §5.1). */
public final class DescribeLiveCallbackTemplate extends ControlAction {
    public DescribeLiveCallbackTemplate(ControlPlane cp) {
        super(cp, "DescribeLiveCallbackTemplate", Set.of("TemplateId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        long id = Inputs.requiredNonNegative(p, "TemplateId");
        var t = cp.callbacks().findTemplate(accountId(call), id).orElseThrow(() -> CallbackStore.notFound(id));
        return Json.object().set("Template", CallbackTemplateInput.render(t));
    }
}
