package dev.liverec.api.stream;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.control.DomainDirectory;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.OnlineStreams;
import dev.liverec.stream.StreamCommand;
import dev.liverec.stream.StreamCommands;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What the five stream actions share, and the list of them for the registry. */
public final class StreamActions {
    private static final Logger LOG = LoggerFactory.getLogger(StreamActions.class);
    final StreamHub hub;
    final ForbiddenStreams forbidden;
    final OnlineStreams online;
    final DomainDirectory directory;
    final StreamCommands commands;
    final String node;
    final Clock clock;

    public StreamActions(StreamHub hub, ForbiddenStreams forbidden, OnlineStreams online, StreamCommands commands,
                         DomainDirectory directory, Clock clock) {
        this.hub = hub;
        this.forbidden = forbidden;
        this.online = online;
        this.commands = commands;
        this.node = online.node();
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

    /**
     * Disconnects the stream's publisher wherever it is live: on this node at once, on the others through a
     * command row their {@link dev.liverec.stream.StreamCommandPoller} picks up within a poll period. Only a
     * publisher whose publish began before now and that the caller may touch is disconnected. A stream left listed
     * by a dead node is removed at once (nobody is left to carry out the command).
     */
    void disconnectEverywhere(StreamCommand.Kind kind, StreamKey key, ApiCall call) {
        long now = clock.millis();
        StreamCommand local = new StreamCommand(0, kind, key, call.account().id(), now, node);
        Optional<LiveStream> here = hub.find(key).filter(s -> local.mayTouch(s) && local.predates(s));
        here.ifPresent(s -> {
            LOG.info("stream {}: disconnected by {} ({})", s, kind, call.requestId());
            s.disconnect();
        });
        commands.issue(kind, key, call.account().id(), now, node);
        // a stream still listed for a node whose lease expired is not live: remove it now, not at the next sweep
        online.holder(key).filter(h -> !h.live()).ifPresent(h -> {
            if (online.removeIfDead(key, h.node())) LOG.info("stream {}: removed, its node {} is dead", key, h.node());
        });
    }

    static String nonBlank(Params p, String name) {
        String v = p.requiredString(name).trim();
        if (v.isEmpty()) throw ApiException.missing(name);
        if (v.length() > 255) throw ApiException.invalidValue(name, "longer than 255 characters");
        return v;
    }
}
