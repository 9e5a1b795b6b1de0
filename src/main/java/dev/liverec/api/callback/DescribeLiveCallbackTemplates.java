package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.CallbackStore;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** DescribeLiveCallbackTemplates (spec §5.1). */
public final class DescribeLiveCallbackTemplates extends ControlAction {
    public DescribeLiveCallbackTemplates(ControlPlane cp) {
        super(cp, "DescribeLiveCallbackTemplates", Set.of());
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        ArrayNode list = Json.array();
        for (CallbackStore.Stored s : cp.callbacks().listTemplates(accountId(call))) {
            list.add(CallbackTemplateInput.render(s));
        }
        return Json.object().set("Templates", list);
    }
}
