package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.LiveDomain;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.api.ControlAction;

import java.util.Set;

/** DescribeLivePushAuthKey: the caller's push domain's keys. */
public final class DescribeLivePushAuthKey extends ControlAction {
    public DescribeLivePushAuthKey(ControlPlane cp) {
        super(cp, "DescribeLivePushAuthKey", Set.of("DomainName"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        LiveDomain d = cp.domains().owned(accountId(call), name, 0).domain();
        return Json.object().set("PushAuthKeyInfo", Json.object().put("DomainName", d.name())
                .put("Enable", d.pushAuthEnabled() ? 1 : 0).put("MasterAuthKey", d.masterAuthKey())
                .put("BackupAuthKey", d.backupAuthKey()).put("AuthDelta", d.authDelta()));
    }
}
