package dev.liverec.api.history;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Names;
import dev.liverec.stream.PublishHistory;

import java.util.Set;

/**
 * DescribeLiveStreamPublishedList: the pushes on one of the caller's domains in the window (StreamName a
 * substring), newest first; PageSize 10–100. Another account's domain is ResourceNotFound.DomainNotExist.
 */
public final class DescribeLiveStreamPublishedList extends PublishHistoryPage {
    public DescribeLiveStreamPublishedList(ControlPlane cp, PublishHistory history) {
        super(cp, history, "DescribeLiveStreamPublishedList", Set.of("DomainName", "StartTime", "EndTime", "AppName",
                "PageNum", "PageSize", "StreamName"), "PublishInfo", 10);
    }

    @Override
    protected PublishHistory.Filter filter(ApiCall call, Params p, QueryTime start, QueryTime end) {
        String domain = Names.domain("DomainName", p.requiredString("DomainName"));
        cp.domains().owned(accountId(call), domain, 0);
        return new PublishHistory.Filter(accountId(call), domain, optional(p, "AppName"), optional(p, "StreamName"),
                false, start.at(), end.at(), false);
    }
}
