package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.api.Params;
import dev.liverec.control.AuthKeys;
import dev.liverec.control.LiveDomain;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import java.util.Set;

/**
 * ModifyLivePushAuthKey: partial update of a push domain's authentication (omitted = unchanged). Enabling it needs a
 * master key. AuthDelta is 0–31536000 seconds.
 */
public final class ModifyLivePushAuthKey extends ControlAction {
    static final int MAX_AUTH_DELTA = 31_536_000;

    public ModifyLivePushAuthKey(ControlPlane cp) {
        super(cp, "ModifyLivePushAuthKey", Set.of("DomainName", "Enable", "MasterAuthKey", "BackupAuthKey",
                "AuthDelta"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        Integer enable = Inputs.optionalOneOf(p, "Enable", 0, 1);
        String master = p.string("MasterAuthKey").map(k -> AuthKeys.check("MasterAuthKey", k)).orElse(null);
        String backup = p.string("BackupAuthKey").map(k -> AuthKeys.check("BackupAuthKey", k)).orElse(null);
        Integer delta = p.has("AuthDelta") ? Inputs.intInRange(p, "AuthDelta", 0, 0, MAX_AUTH_DELTA) : null;
        LiveDomain cur = cp.domains().owned(accountId(call), name, 0).domain();
        boolean en = enable != null ? enable == 1 : cur.pushAuthEnabled();
        String mk = master != null ? master : cur.masterAuthKey();
        if (en && mk.isEmpty()) {
            throw new ApiException(ErrorCodes.INVALID_PARAMETER_VALUE, "Push authentication needs a MasterAuthKey.");
        }
        cp.domains().updatePushAuth(accountId(call), name, en, mk, backup != null ? backup : cur.backupAuthKey(),
                delta != null ? delta : cur.authDelta());
        return Json.object();
    }
}
