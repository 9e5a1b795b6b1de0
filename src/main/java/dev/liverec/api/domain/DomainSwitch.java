package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;

import java.util.List;
import java.util.Set;

/**
 * EnableLiveDomain / ForbidLiveDomain: switches one of the caller's domains on or off (Status in
 * DescribeLiveDomain). A forbidden push domain refuses new pushes; streams already live continue.
 */
public final class DomainSwitch extends ControlAction {
    private final boolean enable;

    private DomainSwitch(ControlPlane cp, String name, boolean enable) {
        super(cp, name, Set.of("DomainName"));
        this.enable = enable;
    }

    public static List<DomainSwitch> both(ControlPlane cp) {
        return List.of(new DomainSwitch(cp, "EnableLiveDomain", true), new DomainSwitch(cp, "ForbidLiveDomain", false));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        cp.domains().setEnabled(accountId(call), name, enable);
        return Json.object();
    }
}
