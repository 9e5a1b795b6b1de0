package dev.liverec.api.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.DomainStore;
import dev.liverec.control.StoredDomain;
import dev.liverec.control.BeijingTime;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** DescribeLiveDomains: the caller's domains, filtered, PageSize 10–100 (default 10), PageNum 1–100000. */
public final class DescribeLiveDomains extends ControlAction {
    public DescribeLiveDomains(ControlPlane cp) {
        super(cp, "DescribeLiveDomains", Set.of("DomainStatus", "DomainType", "PageSize", "PageNum", "IsDelayLive",
                "DomainPrefix", "PlayType"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        Integer status = Inputs.optionalOneOf(p, "DomainStatus", 0, 1);
        Integer type = Inputs.optionalOneOf(p, "DomainType", 0, 1);
        int pageSize = Inputs.intInRange(p, "PageSize", 10, 10, 100);
        int pageNum = Inputs.intInRange(p, "PageNum", 1, 1, 100_000);
        Integer delay = Inputs.optionalOneOf(p, "IsDelayLive", 0, 1);
        Integer playType = Inputs.optionalOneOf(p, "PlayType", 1, 2, 3);
        String prefix = p.string("DomainPrefix").filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .orElse(null);
        long accountId = accountId(call);
        List<StoredDomain> all = cp.domains().list(accountId, new DomainStore.Filter(status, type, delay, prefix,
                type != null && type == 1 ? playType : null));
        ArrayNode list = Json.array();
        all.stream().skip((long) (pageNum - 1) * pageSize).limit(pageSize).forEach(d -> list.add(render(d)));
        List<StoredDomain> mine = cp.domains().list(accountId, new DomainStore.Filter(1, 1, null, null, null));
        ArrayNode playTypeCount = Json.array();
        for (int pt = 1; pt <= 3; pt++) {
            final int t = pt;
            playTypeCount.add(mine.stream().filter(d -> d.playType() == t).count());
        }
        ObjectNode out = Json.object();
        out.put("AllCount", all.size());
        out.set("DomainList", list);
        out.put("CreateLimitCount", Math.max(0, DomainStore.MAX_PER_ACCOUNT - cp.domains().count(accountId)));
        out.set("PlayTypeCount", playTypeCount);
        return out;
    }

    static ObjectNode render(StoredDomain d) {
        return Json.object().put("Name", d.domain().name()).put("Type", d.domain().type())
                .put("Status", d.domain().enabled() ? 1 : 0).put("CreateTime", BeijingTime.plain(d.createdAt()))
                .put("BCName", 0).put("TargetDomain", "").put("PlayType", d.playType())
                .put("IsDelayLive", d.isDelayLive()).put("CurrentCName", "").put("RentTag", 0)
                .put("RentExpireTime", "").put("IsMiniProgramLive", d.isMiniProgramLive());
    }
}
