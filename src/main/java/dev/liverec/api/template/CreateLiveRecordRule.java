package dev.liverec.api.template;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.control.RecordRule;

import java.time.Instant;
import java.util.Set;

/**
 * CreateLiveRecordRule (spec §4.2): binds one of the caller's templates to a domain, optionally narrowed to an
 * AppName and a StreamName ("" or absent = any).
 */
public final class CreateLiveRecordRule extends ControlAction {
    public CreateLiveRecordRule(ControlPlane cp) {
        super(cp, "CreateLiveRecordRule", Set.of("DomainName", "TemplateId", "AppName", "StreamName"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String domain = Names.domain("DomainName", p.requiredString("DomainName"));
        long templateId = Inputs.requiredNonNegative(p, "TemplateId");
        String app = Names.streamPart("AppName", p.string("AppName").orElse(""), true);
        String stream = Names.streamPart("StreamName", p.string("StreamName").orElse(""), true);
        Instant now = cp.clock().instant();
        cp.domains().checkNotForeign(accountId(call), domain);
        cp.rules().create(new RecordRule(accountId(call), domain, app, stream, templateId, now, now));
        return Json.object();
    }
}
