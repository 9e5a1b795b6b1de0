package dev.liverec.api.stream;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;

import java.util.Map;

/** Lifts a ban; succeeds also when the stream was not forbidden. */
final class ResumeLiveStream implements ApiAction {
    private final StreamActions s;

    ResumeLiveStream(StreamActions s) { this.s = s; }

    @Override public String name() { return "ResumeLiveStream"; }

    @Override
    public Object handle(ApiCall call) {
        s.forbidden.resume(s.requiredKey(call));
        return Map.of();
    }
}
