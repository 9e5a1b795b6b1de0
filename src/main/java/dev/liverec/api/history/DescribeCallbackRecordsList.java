package dev.liverec.api.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.notify.CallbackRecords;
import dev.liverec.notify.Delivery;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * DescribeCallbackRecordsList: the callbacks sent about one stream (exact StreamName) in a window of at most one day
 * within the last 14 days (InvalidParameter), from the callback outbox. EventType 0, 1, 100, 200 or 332;
 * ResultCode 0 keeps the delivered ones, any other value the failed attempts. Times answer in the style of
 * StartTime. ResultCode is 0 when delivered, else the last HTTP status (-1 when there was no answer); Response is
 * the last HTTP status or error.
 */
public final class DescribeCallbackRecordsList extends ControlAction {
    static final Duration MAX_SPAN = Duration.ofDays(1);
    static final Duration MAX_AGE = Duration.ofDays(14);

    private final CallbackRecords records;

    public DescribeCallbackRecordsList(ControlPlane cp, CallbackRecords records) {
        super(cp, "DescribeCallbackRecordsList", Set.of("StartTime", "EndTime", "StreamName", "PageNum", "PageSize",
                "EventType", "ResultCode"));
        this.records = records;
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        QueryTime start = QueryTime.required(p, "StartTime");
        QueryTime end = QueryTime.required(p, "EndTime");
        String stream = p.requiredString("StreamName");
        if (stream.isEmpty()) throw ApiException.missing("StreamName");
        if (!p.has("PageNum")) throw ApiException.missing("PageNum");
        if (!p.has("PageSize")) throw ApiException.missing("PageSize");
        int pageNum = Inputs.intInRange(p, "PageNum", 1, 1, 10_000);
        int pageSize = Inputs.intInRange(p, "PageSize", 10, 1, 100);
        Integer type = Inputs.optionalOneOf(p, "EventType", 0, 1, 100, 200, 332);
        Boolean succeeded = p.has("ResultCode") ? p.requiredLong("ResultCode") == 0 : null;
        QueryTime.window(start, end, MAX_SPAN, MAX_AGE, cp.clock().instant());
        List<Delivery> all = records.find(new CallbackRecords.Filter(accountId(call), stream, start.at(), end.at(),
                type, succeeded));
        ArrayNode list = Json.array();
        all.stream().skip((long) (pageNum - 1) * pageSize).limit(pageSize).forEach(d -> list.add(render(d, start)));
        ObjectNode out = Json.object();
        out.set("DataInfoList", list);
        out.put("PageNum", pageNum);
        out.put("PageSize", pageSize);
        out.put("TotalNum", all.size());
        out.put("TotalPage", (all.size() + pageSize - 1) / pageSize);
        return out;
    }

    private static ObjectNode render(Delivery d, QueryTime style) {
        boolean ok = Delivery.DELIVERED.equals(d.status());
        String response = d.lastHttpStatus() != null ? "HTTP " + d.lastHttpStatus()
                : d.lastError() == null ? "" : d.lastError();
        return Json.object().put("EventTime", style.format(d.createdAt())).put("EventType", d.eventType())
                .put("Request", d.payload()).put("Response", response)
                .put("ResponseTime", d.deliveredAt() == null ? "" : style.format(d.deliveredAt()))
                .put("ResultCode", ok ? 0 : d.lastHttpStatus() != null ? d.lastHttpStatus() : -1)
                .put("StreamId", CallbackRecords.streamOf(d));
    }
}
