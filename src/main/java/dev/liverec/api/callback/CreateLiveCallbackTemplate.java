package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.CallbackStore;
import dev.liverec.control.CallbackTemplate;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.List;

/** CreateLiveCallbackTemplate (spec §5.1): at most 50 per account (InternalError.ConfOutLimit). */
public final class CreateLiveCallbackTemplate extends ControlAction {
    public CreateLiveCallbackTemplate(ControlPlane cp) {
        super(cp, "CreateLiveCallbackTemplate", CallbackTemplateInput.fields(true));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        p.requiredString("TemplateName");
        CallbackStore.Stored empty = new CallbackStore.Stored(new CallbackTemplate(0, accountId(call), "", "", null,
                null, null, null, null, null, "", null, null, null, List.of()), null);
        long id = cp.callbacks().createTemplate(CallbackTemplateInput.apply(p, empty), cp.clock().millis());
        return Json.object().put("TemplateId", id);
    }
}
