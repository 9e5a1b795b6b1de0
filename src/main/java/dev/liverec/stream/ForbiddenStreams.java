package dev.liverec.stream;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * Streams banned with ForbidLiveStream until a resume time, in the database so a ban survives restarts and every
 * node refuses the publish. Keyed by domain + app + stream. Blocking (JDBC): never call on an event loop.
 */
public final class ForbiddenStreams {
    /** One ban. */
    public record Ban(StreamKey key, long accountId, Instant resumeAt, String reason) {}

    private final Jdbi jdbi;

    public ForbiddenStreams(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void forbid(StreamKey key, long accountId, Instant resumeAt, String reason, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM live_stream_forbid WHERE domain_name = :d AND app_name = :a AND stream_name = :s")
                    .bind("d", key.domain()).bind("a", key.app()).bind("s", key.name()).execute();
            h.createUpdate("INSERT INTO live_stream_forbid (domain_name, app_name, stream_name, account_id, resume_at, reason, created_at) "
                            + "VALUES (:d, :a, :s, :acc, :resume, :reason, :now)")
                    .bind("d", key.domain()).bind("a", key.app()).bind("s", key.name()).bind("acc", accountId)
                    .bind("resume", resumeAt.toEpochMilli()).bind("reason", reason).bind("now", now.toEpochMilli())
                    .execute();
        });
    }

    /** @return true when a ban was lifted */
    public boolean resume(StreamKey key) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM live_stream_forbid WHERE domain_name = :d AND app_name = :a AND stream_name = :s")
                .bind("d", key.domain()).bind("a", key.app()).bind("s", key.name()).execute()) > 0;
    }

    /** The ban in force at {@code now}, if any (an expired ban is ignored). */
    public Optional<Ban> active(StreamKey key, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT account_id, resume_at, reason FROM live_stream_forbid "
                                + "WHERE domain_name = :d AND app_name = :a AND stream_name = :s AND resume_at > :now")
                .bind("d", key.domain()).bind("a", key.app()).bind("s", key.name()).bind("now", now.toEpochMilli())
                .map((rs, c) -> new Ban(key, rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)))
                .findOne());
    }
}
