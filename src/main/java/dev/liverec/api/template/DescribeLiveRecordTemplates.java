package dev.liverec.api.template;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.RecordTemplate;

import java.util.Set;

/** DescribeLiveRecordTemplates (spec §3.4): the caller's templates of one IsDelayLive kind (default 0). */
public final class DescribeLiveRecordTemplates extends ControlAction {
    public DescribeLiveRecordTemplates(ControlPlane cp) {
        super(cp, "DescribeLiveRecordTemplates", Set.of("IsDelayLive"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        int isDelayLive = Inputs.oneOf(p, "IsDelayLive", 0, 0, 1);
        ArrayNode list = Json.array();
        for (RecordTemplate t : cp.templates().list(accountId(call), isDelayLive)) {
            list.add(RecordTemplateInput.render(t));
        }
        return Json.object().set("Templates", list);
    }
}
