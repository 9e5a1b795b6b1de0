package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import java.util.Set;

/** DeleteLiveDomain: the caller's domain of that type, else ResourceNotFound.DomainNotExist. */
public final class DeleteLiveDomain extends ControlAction {
    public DeleteLiveDomain(ControlPlane cp) {
        super(cp, "DeleteLiveDomain", Set.of("DomainName", "DomainType"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        if (!p.has("DomainType")) throw ApiException.missing("DomainType");
        cp.domains().delete(accountId(call), name, Inputs.oneOf(p, "DomainType", 0, 0, 1));
        return Json.object();
    }
}
