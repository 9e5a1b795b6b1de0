package dev.liverec.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.config.CallbackConfig;
import dev.liverec.storage.CommittedFileListener;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.RecordFile;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.CallbackTemplate;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Turns events into outbox rows with Tencent's field names (spec §5.4, §5.5): event 100 per committed file (inside
 * the commit transaction), stream begin/end (1/0), record status (332). An event is queued only when a callback
 * rule binds a template with a URL for it; the URL and key are captured at that moment.
 */
public final class CallbackEvents implements CallbackNotifier, CommittedFileListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final int EVENT_STREAM_END = 0;
    public static final int EVENT_STREAM_BEGIN = 1;
    public static final int EVENT_RECORD = 100;
    public static final int EVENT_RECORD_STATUS = 332;

    private final CallbackOutbox outbox;
    private final CallbackTemplates templates;
    private final AccountAppIds appIds;
    private final Function<RecordFile, String> videoUrl;
    private final CallbackConfig cfg;
    private final Clock clock;
    private final String nodeAddress;
    private final Executor background;
    private volatile Runnable onEnqueued = () -> {};

    /** @param background runs the database work of {@link #recordStatus} (in order), off the caller's thread */
    public CallbackEvents(CallbackOutbox outbox, CallbackTemplates templates, AccountAppIds appIds,
                          Function<RecordFile, String> videoUrl, CallbackConfig cfg, Clock clock, String nodeAddress,
                          Executor background) {
        this.background = background;
        this.outbox = outbox;
        this.templates = templates;
        this.appIds = appIds;
        this.videoUrl = videoUrl;
        this.cfg = cfg;
        this.clock = clock;
        this.nodeAddress = nodeAddress;
    }

    /** Called after each enqueue has committed (wakes the sender). */
    public void onEnqueued(Runnable r) { this.onEnqueued = r; }

    // ---- event 100: inside the file commit transaction

    @Override
    public void onCommitted(Handle tx, RecordFile f, FinishedRecording r) {
        Optional<CallbackTemplate> t = templates.find(f.accountId(), f.stream().domain(), f.stream().app());
        if (t.isEmpty() || blank(t.get().recordNotifyUrl())) return;
        ObjectNode b = JSON.createObjectNode();
        b.put("event_type", EVENT_RECORD);
        putStream(b, f.appId(), f.stream());
        b.put("file_id", f.fileId());
        b.put("record_file_id", f.fileId());
        b.put("file_format", f.format().callbackName());
        b.put("task_id", f.taskId() == null ? "" : f.taskId());
        b.put("start_time", f.sessionStart().getEpochSecond());
        b.put("end_time", f.end().getEpochSecond());
        b.put("start_time_usec", f.sessionStart().getNano() / 1000);
        b.put("end_time_usec", f.end().getNano() / 1000);
        b.put("duration", Math.round(f.durationMillis() / 1000.0));
        b.put("file_size", f.sizeBytes());
        if (f.taskId() == null) b.put("stream_param", r.streamParam() == null ? "" : r.streamParam());
        b.put("video_url", videoUrl.apply(f));
        b.put("media_start_time", Math.max(0, f.start().toEpochMilli() - f.sessionStart().toEpochMilli()));
        b.put("record_bps", 0);
        ObjectNode ext = JSON.createObjectNode();
        if (f.videoCodec() != null) ext.put("video_codec", f.videoCodec());
        if (f.audioCodec() != null) ext.put("audio_codec", f.audioCodec());
        if (f.width() > 0 && f.height() > 0) ext.put("resolution", f.width() + "x" + f.height());
        b.put("callback_ext", ext.toString());
        b.put("record_status", recordStatus(f));
        b.put("split_reason", f.splitReason() == null ? "" : f.splitReason());
        b.put("first_frame_utc", f.firstFrame() == null ? 0 : f.firstFrame().toEpochMilli());
        b.put("sha256", f.sha256());
        b.put("recovered", f.recovered());
        outbox.enqueue(tx, f.accountId(), EVENT_RECORD, "record", f.fileId(), t.get().recordNotifyUrl(),
                t.get().callbackKey(), b.toString(), cfg.maxAttempts, clock.millis());
        // the sender is woken after the surrounding transaction commits
        tx.afterCommit(() -> onEnqueued.run());
    }

    /** "completed", "recovered" (finalized after a crash) or "interrupted" (ended by an error or a full disk). */
    static String recordStatus(RecordFile f) {
        if (f.recovered()) return "recovered";
        String why = f.splitReason();
        if ("error".equals(why) || "disk_full".equals(why)) return "interrupted";
        return "completed";
    }

    // ---- event 332

    @Override
    public void recordStatus(RecordStatusEvent e) {
        Instant at = e.at() != null ? e.at() : clock.instant();
        try {
            background.execute(() -> queueRecordStatus(e, at));
        } catch (RuntimeException ex) {
            LOG.warn("could not queue record status event {} for {}: {}", e.status(), e.stream(), ex.toString());
        }
    }

    private void queueRecordStatus(RecordStatusEvent e, Instant at) {
        try {
            Optional<CallbackTemplate> t = templates.find(e.accountId(), e.stream().domain(), e.stream().app());
            if (t.isEmpty() || blank(t.get().recordStatusNotifyUrl())) return;
            String session = e.taskId() != null ? e.taskId() : e.recordingId() == null ? "" : e.recordingId();
            String url = t.get().recordStatusNotifyUrl();
            String key = t.get().callbackKey();
            long appId = e.appId() != 0 ? e.appId() : appIds.appIdOf(e.accountId());
            outbox.jdbi().useTransaction(h -> {
                // seq: the event's order within its session, counted in the outbox (events queue in order)
                long seq = 1 + h.createQuery("SELECT COUNT(*) FROM callback_outbox WHERE account_id = :a"
                                + " AND event_type = :t AND ref_id = :r")
                        .bind("a", e.accountId()).bind("t", EVENT_RECORD_STATUS).bind("r", session)
                        .mapTo(Long.class).one();
                ObjectNode b = RecordStatusBody.of(e, appId, session, seq, at, nodeAddress);
                outbox.enqueue(h, e.accountId(), EVENT_RECORD_STATUS, "record_status", session, url, key,
                        b.toString(), cfg.maxAttempts, clock.millis());
            });
            onEnqueued.run();
        } catch (RuntimeException ex) {
            LOG.warn("could not queue record status event {} for {}: {}", e.status(), e.stream(), ex.toString());
        }
    }

    // ---- events 1 / 0

    public void streamBegin(LiveStream s) {
        streamEvent(s, EVENT_STREAM_BEGIN, null);
    }

    public void streamEnd(LiveStream s, Instant endedAt) {
        streamEvent(s, EVENT_STREAM_END, endedAt);
    }

    private void streamEvent(LiveStream s, int type, Instant endedAt) {
        if (s.accountId() <= 0) return; // nobody's stream (DomainDirectory.ownerOf): nobody to notify
        try {
            Optional<CallbackTemplate> t = templates.find(s.accountId(), s.key().domain(), s.key().app());
            String url = t.map(x -> type == EVENT_STREAM_BEGIN ? x.streamBeginNotifyUrl() : x.streamEndNotifyUrl())
                    .orElse(null);
            if (blank(url)) return;
            ObjectNode b = JSON.createObjectNode();
            b.put("event_type", type);
            putStream(b, appIds.appIdOf(s.accountId()), s.key());
            Instant at = endedAt != null ? endedAt : s.publishedAt();
            b.put("event_time", at.getEpochSecond());
            b.put("sequence", s.sequence());
            b.put("node", nodeAddress);
            b.put("user_ip", s.peer() == null || s.peer().getAddress() == null ? "" : s.peer().getAddress().getHostAddress());
            b.put("stream_param", s.queryString());
            if (type == EVENT_STREAM_END) {
                b.put("push_duration", Long.toString(Math.max(0, at.toEpochMilli() - s.publishedAt().toEpochMilli())));
            }
            b.put("errcode", 0);
            b.put("errmsg", "ok");
            b.put("set_id", 1);
            b.put("width", s.info().width());
            b.put("height", s.info().height());
            enqueue(s.accountId(), type, type == EVENT_STREAM_BEGIN ? "stream_begin" : "stream_end", s.sequence(),
                    url, t.get().callbackKey(), b);
        } catch (RuntimeException ex) {
            LOG.warn("could not queue stream event {} for {}: {}", type, s.key(), ex.toString());
        }
    }

    private void enqueue(long accountId, int type, String name, String ref, String url, String key, ObjectNode body) {
        outbox.jdbi().useTransaction(h -> outbox.enqueue(h, accountId, type, name, ref, url, key, body.toString(),
                cfg.maxAttempts, clock.millis()));
        onEnqueued.run();
    }

    private static void putStream(ObjectNode b, long appId, StreamKey k) {
        b.put("appid", appId);
        b.put("app", k.domain());
        b.put("appname", k.app());
        b.put("stream_id", k.name());
        b.put("channel_id", k.name());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
