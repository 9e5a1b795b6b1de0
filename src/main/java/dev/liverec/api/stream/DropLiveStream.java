package dev.liverec.api.stream;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.stream.StreamCommand;

import java.util.Map;

/**
 * Disconnects the current publisher (it may push again) on whichever node it is live: at once on this node, within
 * a command poll period (rtmp.commandPollMillis) on the others. Succeeds when the stream is not live; a stream still
 * listed for a dead node (lease expired) is not live and its listing is removed.
 */
final class DropLiveStream implements ApiAction {
    private final StreamActions s;

    DropLiveStream(StreamActions s) { this.s = s; }

    @Override public String name() { return "DropLiveStream"; }

    @Override
    public Object handle(ApiCall call) {
        s.disconnectEverywhere(StreamCommand.Kind.DROP, s.requiredKey(call), call);
        return Map.of();
    }
}
