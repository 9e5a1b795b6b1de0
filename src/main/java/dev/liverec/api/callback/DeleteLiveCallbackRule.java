package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;

import java.util.Set;

/** DeleteLiveCallbackRule (spec §5.1): FailedOperation.NotFound when no rule matches. */
public final class DeleteLiveCallbackRule extends ControlAction {
    public DeleteLiveCallbackRule(ControlPlane cp) {
        super(cp, "DeleteLiveCallbackRule", Set.of("DomainName", "AppName"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String domain = Names.domain("DomainName", p.requiredString("DomainName"));
        cp.callbacks().deleteRule(accountId(call), domain, p.requiredString("AppName"));
        return Json.object();
    }
}
