package dev.liverec.api.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ControlAction;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.storage.RecordingSpans;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DescribeConcurrentRecordStreamNum: how many distinct streams of the caller were being recorded in each interval of
 * the window (a point a minute for a window up to a day, else every five minutes; a point counts the streams
 * recorded at any moment until the next one, so a short recording is not missed between two points). LiveType NormalLive or
 * SlowLive (this server has no slow live: all zero); MainlandOrOversea "", Mainland or Oversea (every stream here
 * counts as Mainland). The window is at most 31 days within the last 180 (InvalidParameter).
 */
public final class DescribeConcurrentRecordStreamNum extends ControlAction {
    static final Duration MAX_SPAN = Duration.ofDays(31);
    static final Duration MAX_AGE = Duration.ofDays(180);

    private final RecordingSpans spans;

    public DescribeConcurrentRecordStreamNum(ControlPlane cp, RecordingSpans spans) {
        super(cp, "DescribeConcurrentRecordStreamNum", Set.of("LiveType", "StartTime", "EndTime",
                "MainlandOrOversea", "PushDomains"));
        this.spans = spans;
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String liveType = p.requiredString("LiveType");
        if (!Set.of("NormalLive", "SlowLive").contains(liveType)) {
            throw ApiException.invalidValue("LiveType", "NormalLive or SlowLive");
        }
        String region = p.string("MainlandOrOversea").orElse("");
        if (!Set.of("", "Mainland", "Oversea").contains(region)) {
            throw ApiException.invalidValue("MainlandOrOversea", "empty, Mainland or Oversea");
        }
        QueryTime start = QueryTime.required(p, "StartTime");
        QueryTime end = QueryTime.required(p, "EndTime");
        List<String> domains = p.stringList("PushDomains").stream().map(d -> Names.domain("PushDomains", d)).toList();
        Instant now = cp.clock().instant();
        QueryTime.window(start, end, MAX_SPAN, MAX_AGE, now);
        boolean none = liveType.equals("SlowLive") || region.equals("Oversea");
        List<RecordingSpans.Span> all = none ? List.of()
                : spans.overlapping(accountId(call), domains, start.at(), end.at(), now);
        long step = Duration.between(start.at(), end.at()).compareTo(Duration.ofDays(1)) <= 0 ? 60_000 : 300_000;
        ArrayNode list = Json.array();
        for (long t = start.at().toEpochMilli(); t <= end.at().toEpochMilli(); t += step) {
            Set<String> streams = new HashSet<>();
            for (RecordingSpans.Span s : all) if (s.startMs() < t + step && s.endMs() >= t) streams.add(s.stream());
            list.add(Json.object().put("Time", start.format(Instant.ofEpochMilli(t))).put("Num", streams.size()));
        }
        return Json.object().set("DataInfoList", list);
    }
}
