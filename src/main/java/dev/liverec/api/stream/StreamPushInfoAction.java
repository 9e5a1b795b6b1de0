package dev.liverec.api.stream;

import dev.liverec.web.StreamRates;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamInfo;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code DescribeLiveStreamPushInfoList} (Tencent, 2018-08-01): the live streams' push statistics — codecs,
 * resolution, video/audio bitrate and frame rate, publish time, client address. Streams of the caller's domains
 * and of unregistered domains (which any account may record) are listed; other accounts' streams never are.
 * Differences from the cloud: {@code AppName} absent means every app (not only {@code live});
 * {@code BeginPushTime} is UTC ISO 8601 like the online list's PublishTime.
 */
public final class StreamPushInfoAction implements ApiAction {
    private static final Set<String> PARAMS = Set.of("PushDomain", "AppName", "PageNum", "PageSize");

    private final StreamHub hub;
    private final StreamRates stats;
    private final Clock clock;
    private final String serverIp;

    public StreamPushInfoAction(StreamHub hub, StreamRates stats, Clock clock, String serverIp) {
        this.hub = hub;
        this.stats = stats;
        this.clock = clock;
        this.serverIp = serverIp;
    }

    @Override
    public String name() {
        return "DescribeLiveStreamPushInfoList";
    }

    @Override
    public Object handle(ApiCall call) {
        Params p = call.p().allowOnly(PARAMS);
        String domain = p.string("PushDomain").map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).orElse(null);
        String app = p.string("AppName").filter(s -> !s.isEmpty()).orElse(null);
        long pageNum = p.longOr("PageNum", 1);
        long pageSize = p.longOr("PageSize", 200);
        if (pageNum < 1 || pageNum > 10_000) throw ApiException.invalidValue("PageNum", "must be within [1, 10000]");
        if (pageSize < 1 || pageSize > 100_000) throw ApiException.invalidValue("PageSize", "must be within [1, 100000]");

        long account = call.account().id();
        List<LiveStream> streams = new ArrayList<>();
        for (LiveStream s : hub.online()) {
            if (s.accountId() != account) continue; // owner settled at publish (DomainDirectory.ownerOf)
            if (domain != null && !s.key().domain().equals(domain)) continue;
            if (app != null && !s.key().app().equals(app)) continue;
            streams.add(s);
        }
        streams.sort(Comparator.comparing((LiveStream s) -> s.publishedAt()).thenComparing(s -> s.key().toString()));
        long total = streams.size();
        long from = Math.min(total, (pageNum - 1) * pageSize);
        long to = Math.min(total, from + pageSize);
        Instant now = clock.instant();
        List<Map<String, Object>> list = new ArrayList<>();
        for (LiveStream s : streams.subList((int) from, (int) to)) list.add(row(s, now));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DataInfoList", list);
        out.put("TotalNum", total);
        out.put("TotalPage", (total + pageSize - 1) / pageSize);
        out.put("PageNum", pageNum);
        out.put("PageSize", pageSize);
        return out;
    }

    private Map<String, Object> row(LiveStream s, Instant now) {
        StreamInfo info = s.info();
        StreamRates.Rates r = stats.rates(s);
        Map<String, Object> meta = s.metadata();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StreamName", s.key().name());
        m.put("AppName", s.key().app());
        m.put("ClientIp", s.peer() == null || s.peer().getAddress() == null ? "" : s.peer().getAddress().getHostAddress());
        m.put("ServerIp", serverIp);
        m.put("VideoFps", Math.round(r.videoFps()));
        m.put("VideoSpeed", r.videoBps());
        m.put("AudioFps", Math.round(r.audioFps()));
        m.put("AudioSpeed", r.audioBps());
        m.put("PushDomain", s.key().domain());
        m.put("BeginPushTime", s.publishedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("Acodec", info.audioCodec() == null ? "" : info.audioCodec().toUpperCase(Locale.ROOT));
        m.put("Vcodec", info.videoCodec() == null ? "" : info.videoCodec().toUpperCase(Locale.ROOT));
        m.put("Resolution", info.width() > 0 ? info.width() + "*" + info.height() : "");
        m.put("AsampleRate", info.sampleRate());
        m.put("MetaAudioSpeed", kbpsToBps(meta.get("audiodatarate")));
        m.put("MetaVideoSpeed", kbpsToBps(meta.get("videodatarate")));
        m.put("MetaFps", meta.get("framerate") instanceof Number n ? Math.round(n.doubleValue()) : 0);
        // liverec extensions (not in the cloud's PushDataInfo): what the console shows without a second request
        m.put("BytesIn", s.bytesIn());
        m.put("AverageSpeed", StreamRates.averageBps(s, now));
        m.put("UptimeSeconds", Math.max(0, now.getEpochSecond() - s.publishedAt().getEpochSecond()));
        m.put("Width", info.width());
        m.put("Height", info.height());
        m.put("AudioChannels", info.channels());
        return m;
    }

    /** onMetaData carries data rates in kbit/s. */
    private static long kbpsToBps(Object v) {
        return v instanceof Number n ? Math.round(n.doubleValue() * 1000) : 0;
    }
}
