package dev.liverec.api.history;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Inputs;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Names;
import dev.liverec.stream.PublishHistory;

import java.util.Set;

/**
 * DescribeLiveStreamEventList: the caller's pushes (each a begin and an end event) in the window; StreamName is a
 * substring unless IsStrict=1; IsAsc=1 orders by end time ascending; IsFilter is accepted (only successful
 * pushes are kept anyway); PageSize 1–100.
 */
public final class DescribeLiveStreamEventList extends PublishHistoryPage {
    public DescribeLiveStreamEventList(ControlPlane cp, PublishHistory history) {
        super(cp, history, "DescribeLiveStreamEventList", Set.of("StartTime", "EndTime", "AppName", "DomainName",
                "StreamName", "PageNum", "PageSize", "IsFilter", "IsStrict", "IsAsc"), "EventList", 1);
    }

    @Override
    protected PublishHistory.Filter filter(ApiCall call, Params p, QueryTime start, QueryTime end) {
        Inputs.oneOf(p, "IsFilter", 0, 0, 1);
        boolean strict = Inputs.oneOf(p, "IsStrict", 0, 0, 1) == 1;
        boolean asc = Inputs.oneOf(p, "IsAsc", 0, 0, 1) == 1;
        String domain = p.string("DomainName").filter(s -> !s.isEmpty()).map(d -> Names.domain("DomainName", d))
                .orElse(null);
        return new PublishHistory.Filter(accountId(call), domain, optional(p, "AppName"), optional(p, "StreamName"),
                strict, start.at(), end.at(), asc);
    }
}
