package dev.liverec.storage;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When an account's streams were being recorded (DescribeConcurrentRecordStreamNum): finished recordings from
 * {@code record_files} (session start to last file end, per recording) and recordings in progress from the
 * crash-recovery journal {@code record_session} (start to now, while their lease is current: a dead node's do not count).
 */
public final class RecordingSpans {
    /** One recording of a stream, {@code stream} as domain/app/name. */
    public record Span(String domain, String stream, long startMs, long endMs) {}

    private final Jdbi jdbi;

    public RecordingSpans(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Spans overlapping [from, to]; {@code domains} empty = every domain. */
    public List<Span> overlapping(long accountId, List<String> domains, Instant from, Instant to, Instant now) {
        String inDomains = domains.isEmpty() ? "" : " AND %s IN (<domains>)";
        return jdbi.withHandle(h -> {
            List<Span> out = new ArrayList<>();
            var done = h.createQuery("SELECT domain, app_name, stream_name, MIN(session_start_ms), MAX(end_ms)"
                            + " FROM record_files WHERE account_id = :a" + inDomains.formatted("domain")
                            + " GROUP BY recording_id, domain, app_name, stream_name"
                            + " HAVING MIN(session_start_ms) <= :to AND MAX(end_ms) >= :from")
                    .bind("a", accountId).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli());
            if (!domains.isEmpty()) done.bindList("domains", domains);
            done.map((rs, c) -> new Span(rs.getString(1), rs.getString(1) + "/" + rs.getString(2) + "/"
                    + rs.getString(3), rs.getLong(4), rs.getLong(5))).forEach(out::add);
            var live = h.createQuery("SELECT stream_domain, stream_app, stream_name, started_at FROM record_session"
                            + " WHERE account_id = :a AND started_at <= :to AND lease_until >= :now"
                            + inDomains.formatted("stream_domain"))
                    .bind("a", accountId).bind("to", to.toEpochMilli()).bind("now", now.toEpochMilli());
            if (!domains.isEmpty()) live.bindList("domains", domains);
            live.map((rs, c) -> new Span(rs.getString(1), rs.getString(1) + "/" + rs.getString(2) + "/"
                    + rs.getString(3), rs.getLong(4), now.toEpochMilli())).forEach(out::add);
            return out;
        });
    }
}
