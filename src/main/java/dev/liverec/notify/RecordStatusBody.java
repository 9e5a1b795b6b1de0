package dev.liverec.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.RecordFormat;

import java.time.Instant;

/**
 * The body of event 332 with Tencent's fields (CSS doc "Recording Status Event Notification"): {@code appid},
 * {@code appname}, {@code domain}, {@code stream_id}, {@code session_id} (the task id, or the recording id of a
 * rule recording), {@code seq} (a string: 1, 2, … within the session), {@code record_event}, {@code record_detail}
 * (a JSON <em>string</em>: file_format code 1 FLV · 2 HLS · 3 MP4 · 4 AAC · 5 MP3, record_bps, start_model 1 rule ·
 * 5 API, record_content 1 original stream, source_type 1 live recording, codec_temp_id) and {@code event_time}.
 * liverec's extras follow: {@code channel_id}, {@code task_id}, {@code record_id}, {@code errcode}/{@code errmsg},
 * {@code node}.
 */
final class RecordStatusBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordStatusBody() {}

    static ObjectNode of(RecordStatusEvent e, long appId, String sessionId, long seq, Instant at, String node) {
        ObjectNode b = JSON.createObjectNode();
        b.put("event_type", CallbackEvents.EVENT_RECORD_STATUS);
        b.put("appid", appId);
        b.put("appname", e.stream().app());
        b.put("domain", e.stream().domain());
        b.put("stream_id", e.stream().name());
        b.put("session_id", sessionId);
        b.put("seq", Long.toString(seq));
        b.put("record_event", e.status().wireName());
        b.put("record_detail", detail(e).toString());
        b.put("event_time", at.getEpochSecond());
        b.put("channel_id", e.stream().name());
        b.put("task_id", e.taskId() == null ? "" : e.taskId());
        b.put("record_id", e.recordingId() == null ? "" : e.recordingId());
        b.put("errcode", e.errcode());
        b.put("errmsg", e.message() == null ? (e.errcode() == 0 ? "ok" : "") : e.message());
        b.put("node", node);
        return b;
    }

    private static ObjectNode detail(RecordStatusEvent e) {
        ObjectNode d = JSON.createObjectNode();
        d.put("file_format", formatCode(e.format()));
        d.put("record_bps", 0);
        d.put("start_model", e.taskId() != null ? 5 : 1);
        d.put("record_content", 1);
        d.put("source_type", 1);
        d.put("codec_temp_id", 0);
        return d;
    }

    /** Tencent's numbering of the formats in record_detail; 0 when the event concerns no single format. */
    static int formatCode(RecordFormat f) {
        if (f == null) return 0;
        return switch (f) {
            case FLV -> 1;
            case HLS -> 2;
            case MP4 -> 3;
            case AAC -> 4;
            case MP3 -> 5;
        };
    }
}
