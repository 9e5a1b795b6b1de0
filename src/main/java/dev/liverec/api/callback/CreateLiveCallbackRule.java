package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.CallbackStore;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;

import java.time.Instant;
import java.util.Set;

/** CreateLiveCallbackRule (spec §5.1): binds one of the caller's callback templates to domain + AppName. */
public final class CreateLiveCallbackRule extends ControlAction {
    public CreateLiveCallbackRule(ControlPlane cp) {
        super(cp, "CreateLiveCallbackRule", Set.of("DomainName", "AppName", "TemplateId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String domain = Names.domain("DomainName", p.requiredString("DomainName"));
        String app = Names.streamPart("AppName", p.requiredString("AppName"), true);
        long templateId = Inputs.requiredNonNegative(p, "TemplateId");
        Instant now = cp.clock().instant();
        cp.domains().checkNotForeign(accountId(call), domain);
        cp.callbacks().createRule(new CallbackStore.Rule(accountId(call), domain, app, templateId, now, now));
        return Json.object();
    }
}
