package dev.liverec.api.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.stream.PublishHistory;

import java.time.Duration;
import java.util.Set;

/**
 * The two views of the push history (DescribeLiveStreamPublishedList, DescribeLiveStreamEventList): a window of at
 * most 31 days within the last 60 (InvalidParameter), a page of PageSize entries, the same entry fields.
 */
abstract class PublishHistoryPage extends ControlAction {
    static final Duration MAX_SPAN = Duration.ofDays(31);
    static final Duration MAX_AGE = Duration.ofDays(60);

    protected final PublishHistory history;
    private final String listName;
    private final int minPageSize;

    PublishHistoryPage(ControlPlane cp, PublishHistory history, String name, Set<String> params, String listName,
                       int minPageSize) {
        super(cp, name, params);
        this.history = history;
        this.listName = listName;
        this.minPageSize = minPageSize;
    }

    /** The filter of this view, after the window is checked. */
    protected abstract PublishHistory.Filter filter(ApiCall call, Params p, QueryTime start, QueryTime end);

    @Override
    protected final Object run(ApiCall call, Params p) {
        QueryTime start = QueryTime.required(p, "StartTime");
        QueryTime end = QueryTime.required(p, "EndTime");
        QueryTime.window(start, end, MAX_SPAN, MAX_AGE, cp.clock().instant());
        int pageNum = Inputs.intInRange(p, "PageNum", 1, 1, 10_000);
        int pageSize = Inputs.intInRange(p, "PageSize", 10, minPageSize, 100);
        PublishHistory.Filter f = filter(call, p, start, end);
        PublishHistory.Page page = history.find(f, (pageNum - 1) * pageSize, pageSize);
        ArrayNode list = Json.array();
        page.pushes().forEach(push -> list.add(render(push)));
        ObjectNode out = Json.object();
        out.set(listName, list);
        out.put("PageNum", pageNum);
        out.put("PageSize", pageSize);
        out.put("TotalNum", page.total());
        out.put("TotalPage", (page.total() + pageSize - 1) / pageSize);
        return out;
    }

    private ObjectNode render(PublishHistory.Push push) {
        var end = push.endedAt();
        long seconds = Duration.between(push.startedAt(), end != null ? end : cp.clock().instant()).toSeconds();
        return Json.object().put("AppName", push.key().app()).put("DomainName", push.key().domain())
                .put("StreamName", push.key().name()).put("StreamStartTime", QueryTime.utc(push.startedAt()))
                .put("StreamEndTime", end == null ? "" : QueryTime.utc(end))
                .put("StopReason", push.stopReason() == null ? "" : push.stopReason())
                .put("Duration", Math.max(0, seconds)).put("ClientIp", push.clientIp())
                .put("Resolution", push.width() > 0 ? push.width() + "*" + push.height() : "");
    }

    static String optional(Params p, String name) {
        return p.string(name).filter(s -> !s.isEmpty()).orElse(null);
    }
}
