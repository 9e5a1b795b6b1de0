package dev.liverec.rtmp.server;

import dev.liverec.rtmp.amf0.Amf0;
import dev.liverec.rtmp.message.CommandMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replies a publishing client gets to its NetConnection / NetStream commands, as FMS-compatible encoders
 * (ffmpeg, OBS, GStreamer) expect them: {@code _result}, {@code _error}, {@code onStatus} and {@code onFCPublish}
 * with their status objects ({@code level}, {@code code}, {@code description}).
 */
final class CommandReplies {
    private CommandReplies() {}

    /** The {@code _result} of connect: server properties and NetConnection.Connect.Success. */
    static CommandMessage connected(double transactionId, double objectEncoding) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("fmsVer", "FMS/3,0,1,123");
        props.put("capabilities", 31.0);
        Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", objectEncoding);
        return new CommandMessage(0, "_result", transactionId, list(props, info));
    }

    /** {@code _result} with a null command object and one value (undefined for releaseStream/FCPublish). */
    static CommandMessage result(double transactionId, Object value) {
        return new CommandMessage(0, "_result", transactionId, list(null, value));
    }

    static CommandMessage resultUndefined(double transactionId) {
        return result(transactionId, Amf0.Undefined.INSTANCE);
    }

    static CommandMessage unknownCommand(double transactionId, String name) {
        return new CommandMessage(0, "_error", transactionId,
                list(null, status("error", "NetConnection.Call.Failed", "unknown command " + name)));
    }

    static CommandMessage onFCPublish(Object streamName) {
        return new CommandMessage(0, "onFCPublish", 0, list(null,
                status("status", "NetStream.Publish.Start", String.valueOf(streamName))));
    }

    static CommandMessage onStatus(int streamId, String level, String code, String description) {
        return new CommandMessage(streamId, "onStatus", 0, list(null, status(level, code, description)));
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("code", code);
        m.put("description", description);
        return m;
    }

    private static List<Object> list(Object... values) {
        List<Object> l = new ArrayList<>(values.length);
        for (Object v : values) l.add(v);
        return l;
    }
}
