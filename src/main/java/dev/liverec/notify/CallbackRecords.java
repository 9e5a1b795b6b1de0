package dev.liverec.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The callbacks an account was sent about one stream (DescribeCallbackRecordsList): outbox rows created in a window
 * that were attempted at least once, oldest first. The stream is matched on the body's {@code stream_id}; the
 * window is short (a day), so the rows are filtered here rather than indexed.
 */
public final class CallbackRecords {
    /** Rows read per query at most: a day of one account's callbacks. */
    static final int SCAN_LIMIT = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code succeeded} null = both; true = delivered; false = attempted and not (yet) delivered. */
    public record Filter(long accountId, String streamName, Instant from, Instant to, Integer eventType,
                         Boolean succeeded) {}

    private final Jdbi jdbi;

    public CallbackRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Delivery> find(Filter f) {
        String sql = "SELECT * FROM callback_outbox WHERE account_id = :a AND created_ms >= :from AND created_ms <= :to"
                + " AND attempts > 0" + (f.eventType() != null ? " AND event_type = :t" : "")
                + " ORDER BY created_ms, id LIMIT " + SCAN_LIMIT;
        List<Delivery> rows = jdbi.withHandle(h -> {
            var q = h.createQuery(sql).bind("a", f.accountId()).bind("from", f.from().toEpochMilli())
                    .bind("to", f.to().toEpochMilli());
            if (f.eventType() != null) q.bind("t", f.eventType());
            return q.map((rs, c) -> CallbackOutbox.read(rs)).list();
        });
        List<Delivery> out = new ArrayList<>();
        for (Delivery d : rows) {
            boolean ok = Delivery.DELIVERED.equals(d.status());
            if (f.succeeded() != null && f.succeeded() != ok) continue;
            if (f.streamName().equals(streamOf(d))) out.add(d);
        }
        return out;
    }

    /** The body's stream_id, or "" when it has none. */
    public static String streamOf(Delivery d) {
        try {
            JsonNode b = JSON.readTree(d.payload());
            return b.path("stream_id").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
