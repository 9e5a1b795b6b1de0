package dev.liverec.api.domain;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.control.AuthKeys;
import dev.liverec.control.LiveDomain;
import dev.liverec.control.StoredDomain;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import java.util.Set;

/**
 * AddLiveDomain. A name belongs to one account: adding one another account holds is FailedOperation.DomainAdded,
 * adding it twice InvalidParameter.DomainAlreadyExist. A new push domain has push authentication on, with a random
 * master key (read it with DescribeLivePushAuthKey).
 */
public final class AddLiveDomain extends ControlAction {
    public AddLiveDomain(ControlPlane cp) {
        super(cp, "AddLiveDomain", Set.of("DomainName", "DomainType", "PlayType", "IsDelayLive", "IsMiniProgramLive",
                "VerifyOwnerType"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String name = Names.domain("DomainName", p.requiredString("DomainName"));
        if (!p.has("DomainType")) throw ApiException.missing("DomainType");
        int type = Inputs.oneOf(p, "DomainType", 0, 0, 1);
        int playType = Inputs.oneOf(p, "PlayType", 1, 1, 2, 3);
        int delay = Inputs.oneOf(p, "IsDelayLive", 0, 0, 1);
        int mini = Inputs.oneOf(p, "IsMiniProgramLive", 0, 0, 1);
        p.string("VerifyOwnerType").ifPresent(v -> {
            if (!Set.of("dnsCheck", "fileCheck", "dbCheck").contains(v)) {
                throw ApiException.invalidValue("VerifyOwnerType", "dnsCheck, fileCheck or dbCheck");
            }
        });
        boolean push = type == 0;
        LiveDomain d = new LiveDomain(accountId(call), name, type, true, push, push ? AuthKeys.random() : "", "", 0);
        cp.domains().add(new StoredDomain(d, playType, delay, mini, cp.clock().instant()));
        return Json.object();
    }
}
