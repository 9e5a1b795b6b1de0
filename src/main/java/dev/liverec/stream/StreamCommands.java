package dev.liverec.stream;

import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * The {@code live_stream_command} table: stream commands written by the node that took the API call, read by
 * every node. Blocking (JDBC): never call on an event loop.
 */
public final class StreamCommands {
    private final Jdbi jdbi;

    public StreamCommands(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes a command (one autocommit insert) and returns it with its id. */
    public StreamCommand issue(StreamCommand.Kind kind, StreamKey key, long accountId, long issuedAtMs, String node) {
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO live_stream_command "
                        + "(kind, domain_name, app_name, stream_name, account_id, issued_at, node_name) "
                        + "VALUES (:k, :d, :a, :s, :acc, :at, :n)")
                .bind("k", kind.dbName()).bind("d", key.domain()).bind("a", key.app()).bind("s", key.name())
                .bind("acc", accountId).bind("at", issuedAtMs).bind("n", node)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new StreamCommand(id, kind, key, accountId, issuedAtMs, node);
    }

    /** Commands with an id above {@code afterId}, oldest first, at most {@code limit} (a primary-key range scan). */
    public List<StreamCommand> after(long afterId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, kind, domain_name, app_name, stream_name, account_id, "
                        + "issued_at, node_name FROM live_stream_command WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", afterId).bind("limit", limit)
                .map((rs, c) -> new StreamCommand(rs.getLong(1), StreamCommand.Kind.fromDb(rs.getString(2)),
                        new StreamKey(rs.getString(3), rs.getString(4), rs.getString(5)), rs.getLong(6),
                        rs.getLong(7), rs.getString(8)))
                .list());
    }

    /** The highest id so far (0 when none): where a starting node begins to read. */
    public long lastId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM live_stream_command")
                .mapTo(Long.class).one());
    }

    /** Deletes commands issued before {@code cutoffMs}; returns how many. */
    public int pruneBefore(long cutoffMs) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM live_stream_command WHERE issued_at < :cut")
                .bind("cut", cutoffMs).execute());
    }
}
