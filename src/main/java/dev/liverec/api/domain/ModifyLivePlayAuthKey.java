package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ControlAction;
import dev.liverec.api.ErrorCodes;
import dev.liverec.api.Inputs;
import dev.liverec.api.Params;
import dev.liverec.control.AuthKeys;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.LiveDomain;
import dev.liverec.control.Names;

import java.util.Set;

/**
 * ModifyLivePlayAuthKey: partial update of a play domain's URL signing (omitted = unchanged), with the rules of
 * ModifyLivePushAuthKey: keys checked by {@link AuthKeys}, AuthDelta 0–31536000 s, enabling needs an AuthKey.
 */
public final class ModifyLivePlayAuthKey extends ControlAction {
    public ModifyLivePlayAuthKey(ControlPlane cp) {
        super(cp, "ModifyLivePlayAuthKey", Set.of("DomainName", "Enable", "AuthKey", "AuthDelta", "AuthBackKey"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        Integer enable = Inputs.optionalOneOf(p, "Enable", 0, 1);
        String key = p.string("AuthKey").map(k -> AuthKeys.check("AuthKey", k)).orElse(null);
        String back = p.string("AuthBackKey").map(k -> AuthKeys.check("AuthBackKey", k)).orElse(null);
        Integer delta = p.has("AuthDelta")
                ? Inputs.intInRange(p, "AuthDelta", 0, 0, ModifyLivePushAuthKey.MAX_AUTH_DELTA) : null;
        LiveDomain cur = cp.domains().owned(accountId(call), name, 1).domain();
        boolean en = enable != null ? enable == 1 : cur.pushAuthEnabled();
        String k = key != null ? key : cur.masterAuthKey();
        if (en && k.isEmpty()) {
            throw new ApiException(ErrorCodes.INVALID_PARAMETER_VALUE, "Play authentication needs an AuthKey.");
        }
        cp.domains().updatePushAuth(accountId(call), name, en, k, back != null ? back : cur.backupAuthKey(),
                delta != null ? delta : cur.authDelta());
        return Json.object();
    }
}
