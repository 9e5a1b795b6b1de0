package dev.liverec.api.stream;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.stream.StreamKey;

import java.util.Map;

/** {@code StreamState}: forbid (a ban in force), active (live on this or another node), inactive. */
final class DescribeLiveStreamState implements ApiAction {
    private final StreamActions s;

    DescribeLiveStreamState(StreamActions s) { this.s = s; }

    @Override public String name() { return "DescribeLiveStreamState"; }

    @Override
    public Object handle(ApiCall call) {
        StreamKey key = s.requiredKey(call);
        String state;
        if (s.forbidden.active(key, s.clock.instant()).isPresent()) {
            state = "forbid";
        } else if (s.hub.find(key).isPresent()
                || (s.online != null && s.online.otherNodes().stream().anyMatch(e -> e.key().equals(key)))) {
            state = "active";
        } else {
            state = "inactive";
        }
        return Map.of("StreamState", state);
    }
}
