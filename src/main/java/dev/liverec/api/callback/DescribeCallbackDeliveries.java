package dev.liverec.api.callback;

import dev.liverec.notify.CallbackOutbox;
import dev.liverec.notify.Delivery;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** liverec extension: the calling account's callback deliveries, newest first, with their delivery state. */
public final class DescribeCallbackDeliveries implements ApiAction {
    private static final Set<String> PARAMS = Set.of("Status", "EventType", "RefId", "PageNum", "PageSize");
    private static final Set<String> STATUSES = Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED);

    private final CallbackOutbox outbox;

    public DescribeCallbackDeliveries(CallbackOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public String name() { return "DescribeCallbackDeliveries"; }

    @Override
    public Object handle(ApiCall call) {
        Params p = call.p().allowOnly(PARAMS);
        String status = p.string("Status").filter(s -> !s.isBlank()).orElse(null);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalidValue("Status", "one of pending, delivered, failed");
        }
        Integer type = p.optionalLong("EventType").isPresent() ? (int) p.requiredLong("EventType") : null;
        String ref = p.string("RefId").filter(s -> !s.isBlank()).orElse(null);
        long pageNum = p.longOr("PageNum", 1);
        long pageSize = p.longOr("PageSize", 20);
        if (pageNum < 1 || pageNum > 100_000) throw ApiException.invalidValue("PageNum", "range 1-100000");
        if (pageSize < 1 || pageSize > 100) throw ApiException.invalidValue("PageSize", "range 1-100");
        var page = outbox.list(call.account().id(), status, type, ref, (int) ((pageNum - 1) * pageSize), (int) pageSize);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Delivery d : page.deliveries()) out.add(render(d));
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("DeliveryList", out);
        resp.put("TotalNum", page.total());
        return resp;
    }

    static Map<String, Object> render(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("DeliveryId", d.id());
        m.put("EventType", d.eventType());
        m.put("EventName", d.eventName());
        m.put("RefId", d.refId() == null ? "" : d.refId());
        m.put("Url", d.url());
        m.put("Status", d.status());
        m.put("Attempts", d.attempts());
        m.put("MaxAttempts", d.maxAttempts());
        m.put("NextAttemptTime", Delivery.PENDING.equals(d.status()) ? d.nextAttempt().getEpochSecond() : 0);
        m.put("LastHttpStatus", d.lastHttpStatus() == null ? 0 : d.lastHttpStatus());
        m.put("LastError", d.lastError() == null ? "" : d.lastError());
        m.put("CreateTime", d.createdAt().getEpochSecond());
        m.put("DeliveredTime", d.deliveredAt() == null ? 0 : d.deliveredAt().getEpochSecond());
        return m;
    }
}
