package dev.liverec.api.template;

import dev.liverec.api.ControlAction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.BeijingTime;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.RecordRule;

import java.util.Set;

/** DescribeLiveRecordRules (spec §4.2): times as Beijing-time strings {@code yyyy-MM-dd HH:mm:ss}. */
public final class DescribeLiveRecordRules extends ControlAction {
    public DescribeLiveRecordRules(ControlPlane cp) {
        super(cp, "DescribeLiveRecordRules", Set.of());
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        ArrayNode rules = Json.array();
        for (RecordRule r : cp.rules().list(accountId(call))) {
            rules.add(Json.object().put("CreateTime", BeijingTime.plain(r.createdAt()))
                    .put("UpdateTime", BeijingTime.plain(r.updatedAt())).put("TemplateId", r.templateId())
                    .put("DomainName", r.domain()).put("AppName", r.app()).put("StreamName", r.stream()));
        }
        return Json.object().set("Rules", rules);
    }
}
