package dev.liverec.api.stream;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.OnlineStreams;
import dev.liverec.stream.StreamKey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams live now (spec §4.3): this node's from the hub plus those other nodes announced, filtered by DomainName,
 * AppName and StreamName (exact) when given, limited to the caller's scope, ordered by publish time, paged by
 * PageNum (≥ 1, default 1) and PageSize (10–300000, default 10).
 */
final class DescribeLiveStreamOnlineList implements ApiAction {
    private final StreamActions s;

    DescribeLiveStreamOnlineList(StreamActions s) { this.s = s; }

    @Override public String name() { return "DescribeLiveStreamOnlineList"; }

    private record Row(StreamKey key, Instant publishedAt) {}

    @Override
    public Object handle(ApiCall call) {
        Params p = call.p();
        String domain = p.string("DomainName").map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).orElse(null);
        String app = p.string("AppName").map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        String name = p.string("StreamName").map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        long pageNum = p.longOr("PageNum", 1);
        long pageSize = p.longOr("PageSize", 10);
        if (pageNum < 1) throw ApiException.invalidValue("PageNum", "must be at least 1");
        if (pageSize < 10 || pageSize > 300000) throw ApiException.invalidValue("PageSize", "must be between 10 and 300000");

        List<Row> rows = new ArrayList<>();
        for (LiveStream ls : s.hub.online()) rows.add(new Row(ls.key(), ls.publishedAt()));
        if (s.online != null) {
            for (OnlineStreams.Entry e : s.online.otherNodes()) rows.add(new Row(e.key(), e.publishedAt()));
        }
        StreamScope scope = s.scope();
        List<Row> matching = rows.stream()
                .filter(r -> domain == null || r.key().domain().equals(domain))
                .filter(r -> app == null || r.key().app().equals(app))
                .filter(r -> name == null || r.key().name().equals(name))
                .filter(r -> scope.visible(call.account(), r.key().domain()))
                .sorted(Comparator.comparing(Row::publishedAt).thenComparing(r -> r.key().toString()))
                .toList();
        long total = matching.size();
        long from = Math.min(total, (pageNum - 1) * pageSize);
        long to = Math.min(total, from + pageSize);
        List<Map<String, Object>> info = new ArrayList<>();
        for (Row r : matching.subList((int) from, (int) to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("StreamName", r.key().name());
            m.put("AppName", r.key().app());
            m.put("DomainName", r.key().domain());
            m.put("PublishTimeList", List.of(Map.of("PublishTime", r.publishedAt().truncatedTo(ChronoUnit.SECONDS).toString())));
            m.put("PushToDelay", 0);
            info.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalNum", total);
        out.put("TotalPage", (total + pageSize - 1) / pageSize);
        out.put("PageNum", pageNum);
        out.put("PageSize", pageSize);
        out.put("OnlineInfo", info);
        return out;
    }
}
