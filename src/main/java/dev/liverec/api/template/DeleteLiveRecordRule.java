package dev.liverec.api.template;

import dev.liverec.api.ControlAction;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;

import java.util.Set;

/** DeleteLiveRecordRule (spec §4.2): domain + AppName + StreamName must match exactly (absent = ""). */
public final class DeleteLiveRecordRule extends ControlAction {
    public DeleteLiveRecordRule(ControlPlane cp) {
        super(cp, "DeleteLiveRecordRule", Set.of("DomainName", "AppName", "StreamName"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String domain = Names.domain("DomainName", p.requiredString("DomainName"));
        cp.rules().delete(accountId(call), domain, p.string("AppName").orElse(""), p.string("StreamName").orElse(""));
        return Json.object();
    }
}
