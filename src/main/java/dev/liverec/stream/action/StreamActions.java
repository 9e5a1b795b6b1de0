package dev.liverec.stream.action;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.domain.DomainDirectory;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.OnlineStreams;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What the five stream actions share, and the list of them for the registry. */
public final class StreamActions {
    final StreamHub hub;
    final ForbiddenStreams forbidden;
    final OnlineStreams online;
    final Supplier<Optional<DomainDirectory>> directory;
    final Clock clock;

    public StreamActions(StreamHub hub, ForbiddenStreams forbidden, OnlineStreams online,
                         Supplier<Optional<DomainDirectory>> directory, Clock clock) {
        this.hub = hub;
        this.forbidden = forbidden;
        this.online = online;
        this.directory = directory;
        this.clock = clock;
    }

    public List<ApiAction> all() {
        return List.of(new DescribeLiveStreamOnlineList(this), new DescribeLiveStreamState(this),
                new DropLiveStream(this), new ForbidLiveStream(this), new ResumeLiveStream(this));
    }

    StreamScope scope() {
        return new StreamScope(directory);
    }

    /** DomainName + AppName + StreamName, all required, checked against the caller's scope. */
    StreamKey requiredKey(ApiCall call) {
        Params p = call.p();
        String domain = nonBlank(p, "DomainName");
        String app = nonBlank(p, "AppName");
        String name = nonBlank(p, "StreamName");
        scope().check(call.account(), domain.toLowerCase(java.util.Locale.ROOT));
        return new StreamKey(domain, app, name);
    }

    static String nonBlank(Params p, String name) {
        String v = p.requiredString(name).trim();
        if (v.isEmpty()) throw ApiException.missing(name);
        if (v.length() > 255) throw ApiException.invalidValue(name, "longer than 255 characters");
        return v;
    }
}
