package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.LiveDomain;
import dev.liverec.control.Names;

import java.util.Set;

/**
 * DescribeLivePlayAuthKey: a play domain's URL-signing keys. A play domain keeps them in the same columns as a
 * push domain its push keys (enable, key, backup key, validity); only play domains (DomainType 1) have them here,
 * another name is ResourceNotFound.DomainNotExist.
 */
public final class DescribeLivePlayAuthKey extends ControlAction {
    public DescribeLivePlayAuthKey(ControlPlane cp) {
        super(cp, "DescribeLivePlayAuthKey", Set.of("DomainName"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        LiveDomain d = cp.domains().owned(accountId(call), name, 1).domain();
        return Json.object().set("PlayAuthKeyInfo", Json.object().put("DomainName", d.name())
                .put("Enable", d.pushAuthEnabled() ? 1 : 0).put("AuthKey", d.masterAuthKey())
                .put("AuthDelta", d.authDelta()).put("AuthBackKey", d.backupAuthKey()));
    }
}
