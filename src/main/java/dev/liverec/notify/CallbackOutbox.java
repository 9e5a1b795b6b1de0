package dev.liverec.notify;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code callback_outbox} table. Senders on any node claim due rows with a conditional UPDATE (a lease), so
 * two nodes never send the same attempt, and a node that dies mid-send releases its rows when the lease runs out.
 */
public final class CallbackOutbox {
    private final Jdbi jdbi;

    public CallbackOutbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() { return jdbi; }

    /** Queues a callback inside the caller's transaction; returns its id. */
    public long enqueue(Handle h, long accountId, int eventType, String eventName, String refId, String url,
                        String callbackKey, String payload, int maxAttempts, long nowMillis) {
        return h.createUpdate("""
                        INSERT INTO callback_outbox (account_id, event_type, event_name, ref_id, url, callback_key,
                          payload, status, attempts, max_attempts, next_attempt_ms, created_ms)
                        VALUES (:account, :type, :name, :ref, :url, :key, :payload, 'pending', 0, :max, :now, :now)""")
                .bind("account", accountId).bind("type", eventType).bind("name", eventName).bind("ref", refId)
                .bind("url", url).bind("key", callbackKey).bind("payload", payload).bind("max", maxAttempts)
                .bind("now", nowMillis)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Claims up to {@code limit} due deliveries for {@code owner} until {@code leaseUntilMillis}. */
    public List<Delivery> claimDue(String owner, long nowMillis, long leaseUntilMillis, int limit) {
        List<Delivery> claimed = new ArrayList<>();
        if (limit <= 0) return claimed;
        jdbi.useHandle(h -> {
            List<Long> ids = h.createQuery("""
                            SELECT id FROM callback_outbox WHERE status = 'pending' AND next_attempt_ms <= :now
                              AND (lease_until_ms IS NULL OR lease_until_ms < :now)
                            ORDER BY next_attempt_ms, id LIMIT :limit""")
                    .bind("now", nowMillis).bind("limit", limit).mapTo(Long.class).list();
            for (long id : ids) {
                int n = h.createUpdate("""
                                UPDATE callback_outbox SET lease_owner = :owner, lease_until_ms = :until
                                WHERE id = :id AND status = 'pending' AND next_attempt_ms <= :now
                                  AND (lease_until_ms IS NULL OR lease_until_ms < :now)""")
                        .bind("owner", owner).bind("until", leaseUntilMillis).bind("id", id).bind("now", nowMillis)
                        .execute();
                if (n == 1) find(h, id).ifPresent(claimed::add);
            }
        });
        return claimed;
    }

    public void markDelivered(long id, String owner, int httpStatus, long nowMillis) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE callback_outbox SET status = 'delivered', attempts = attempts + 1, delivered_ms = :now,
                          last_http_status = :code, last_error = NULL, lease_owner = NULL, lease_until_ms = NULL
                        WHERE id = :id AND lease_owner = :owner""")
                .bind("id", id).bind("owner", owner).bind("code", httpStatus).bind("now", nowMillis).execute());
    }

    /** Records a failed attempt: pending again at {@code nextMillis}, or failed when no attempt is left. */
    public void markAttemptFailed(long id, String owner, Integer httpStatus, String error, long nextMillis) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE callback_outbox SET attempts = attempts + 1,
                          status = CASE WHEN attempts + 1 >= max_attempts THEN 'failed' ELSE 'pending' END,
                          next_attempt_ms = :next, last_http_status = :code, last_error = :err,
                          lease_owner = NULL, lease_until_ms = NULL
                        WHERE id = :id AND lease_owner = :owner""")
                .bind("id", id).bind("owner", owner).bind("code", httpStatus)
                .bind("err", error == null ? null : error.substring(0, Math.min(1000, error.length())))
                .bind("next", nextMillis).execute());
    }

    /** "Retry now": pending at once with {@code extraAttempts} more tries. False when no such delivery of the account. */
    public boolean retryNow(long accountId, long id, int extraAttempts, long nowMillis) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE callback_outbox SET status = 'pending', next_attempt_ms = :now,
                          max_attempts = attempts + :extra, lease_owner = NULL, lease_until_ms = NULL
                        WHERE id = :id AND account_id = :account""")
                .bind("id", id).bind("account", accountId).bind("extra", extraAttempts).bind("now", nowMillis)
                .execute()) == 1;
    }

    /** Deletes delivered and failed rows created before {@code beforeMillis}; returns how many. */
    public int purgeFinished(long beforeMillis) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM callback_outbox WHERE status IN ('delivered', 'failed') AND created_ms < :before")
                .bind("before", beforeMillis).execute());
    }

    public Optional<Delivery> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    private static Optional<Delivery> find(Handle h, long id) {
        return h.createQuery("SELECT * FROM callback_outbox WHERE id = :id").bind("id", id)
                .map((rs, c) -> read(rs)).findFirst();
    }

    public record Page(List<Delivery> deliveries, long total) {}

    /** An account's deliveries, newest first; null filters do not filter. */
    public Page list(long accountId, String status, Integer eventType, String refId, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE account_id = :account");
        if (status != null) where.append(" AND status = :status");
        if (eventType != null) where.append(" AND event_type = :type");
        if (refId != null) where.append(" AND ref_id = :ref");
        return jdbi.withHandle(h -> {
            var count = h.createQuery("SELECT COUNT(*) FROM callback_outbox" + where).bind("account", accountId);
            var q = h.createQuery("SELECT * FROM callback_outbox" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                    .bind("account", accountId).bind("limit", limit).bind("offset", offset);
            if (status != null) { count.bind("status", status); q.bind("status", status); }
            if (eventType != null) { count.bind("type", eventType); q.bind("type", eventType); }
            if (refId != null) { count.bind("ref", refId); q.bind("ref", refId); }
            return new Page(q.map((rs, c) -> read(rs)).list(), count.mapTo(Long.class).one());
        });
    }

    static Delivery read(ResultSet rs) throws SQLException {
        int code = rs.getInt("last_http_status");
        Integer lastCode = rs.wasNull() ? null : code;
        long delivered = rs.getLong("delivered_ms");
        Instant deliveredAt = rs.wasNull() ? null : Instant.ofEpochMilli(delivered);
        return new Delivery(rs.getLong("id"), rs.getLong("account_id"), rs.getInt("event_type"),
                rs.getString("event_name"), rs.getString("ref_id"), rs.getString("url"), rs.getString("callback_key"),
                rs.getString("payload"), rs.getString("status"), rs.getInt("attempts"), rs.getInt("max_attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_ms")), lastCode, rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("created_ms")), deliveredAt);
    }
}
