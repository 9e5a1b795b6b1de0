package dev.liverec.api.callback;

import dev.liverec.api.ControlAction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.BeijingTime;
import dev.liverec.control.CallbackStore;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** DescribeLiveCallbackRules (spec §5.1): times as Beijing time, {@code 2022-05-16T10:59:38+08:00}. */
public final class DescribeLiveCallbackRules extends ControlAction {
    public DescribeLiveCallbackRules(ControlPlane cp) {
        super(cp, "DescribeLiveCallbackRules", Set.of());
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        ArrayNode rules = Json.array();
        for (CallbackStore.Rule r : cp.callbacks().listRules(accountId(call))) {
            rules.add(Json.object().put("CreateTime", BeijingTime.iso(r.createdAt()))
                    .put("UpdateTime", BeijingTime.iso(r.updatedAt())).put("TemplateId", r.templateId())
                    .put("DomainName", r.domain()).put("AppName", r.app()));
        }
        return Json.object().set("Rules", rules);
    }
}
