package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;

import java.util.Set;

/** DescribeLiveDomain: one of the caller's domains (push or play), as DescribeLiveDomains lists it. */
public final class DescribeLiveDomain extends ControlAction {
    public DescribeLiveDomain(ControlPlane cp) {
        super(cp, "DescribeLiveDomain", Set.of("DomainName"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        return Json.object().set("DomainInfo", DescribeLiveDomains.render(cp.domains().owned(accountId(call), name, null)));
    }
}
