package dev.liverec.stream.action;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.stream.StreamKey;

import java.util.Map;

/** Disconnects the current publisher (it may push again); succeeds when the stream is not live. This node only. */
final class DropLiveStream implements ApiAction {
    private final StreamActions s;

    DropLiveStream(StreamActions s) { this.s = s; }

    @Override public String name() { return "DropLiveStream"; }

    @Override
    public Object handle(ApiCall call) {
        StreamKey key = s.requiredKey(call);
        s.hub.find(key).ifPresent(ls -> {
            org.slf4j.LoggerFactory.getLogger(DropLiveStream.class).info("stream {}: dropped by API ({})", key, call.requestId());
            ls.disconnect();
        });
        return Map.of();
    }
}
