package dev.liverec.control.account;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Accounts and credentials in the database (tables of migration V1_1). */
public final class AccountStore {
    private final Jdbi jdbi;
    private final Clock clock;
    private final SecretGenerator secrets;

    public AccountStore(Jdbi jdbi, Clock clock, SecretGenerator secrets) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.secrets = secrets;
    }

    public boolean isEmpty() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one()) == 0;
    }

    public Optional<Account> findAccount(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE name = :n").bind("n", name)
                .map((rs, c) -> account(rs)).findOne());
    }

    public List<Account> listAccounts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts ORDER BY id").map((rs, c) -> account(rs)).list());
    }

    /** The named account, created (active, with a fresh APPID) when it does not exist yet. */
    public Account findOrCreateAccount(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new IllegalArgumentException("account name must be 1-64 characters of [A-Za-z0-9_.@-]");
        }
        for (int attempt = 0; ; attempt++) {
            Optional<Account> existing = findAccount(name);
            if (existing.isPresent()) return existing.get();
            long appId = secrets.appId();
            try {
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO accounts (app_id, name, state, created_at) "
                                + "VALUES (:a, :n, :s, :t)")
                        .bind("a", appId).bind("n", name).bind("s", AccountState.ACTIVE.name())
                        .bind("t", clock.millis()).execute());
            } catch (StatementException e) {
                // a concurrent creation of the same name, or an APPID collision: look again / retry
                if (attempt >= 3) throw e;
            }
        }
    }

    /** Returns false when there is no such account. */
    public boolean setState(String name, AccountState state) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET state = :s WHERE name = :n")
                .bind("s", state.name()).bind("n", name).execute()) > 0;
    }

    public Credential createCredential(long accountId) {
        Credential c = new Credential(secrets.secretId(), secrets.secretKey(), accountId, true,
                Instant.ofEpochMilli(clock.millis()));
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO credentials (secret_id, secret_key, account_id, enabled, created_at) "
                        + "VALUES (:i, :k, :a, TRUE, :t)")
                .bind("i", c.secretId()).bind("k", c.secretKey()).bind("a", accountId)
                .bind("t", c.createdAt().toEpochMilli()).execute());
        return c;
    }

    /** Credentials (with their account's name), optionally of one account; secret keys are not read. */
    public List<CredentialInfo> listCredentials(String accountName) {
        String where = accountName == null ? "" : "WHERE a.name = :n ";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT c.secret_id, c.enabled, c.created_at, a.name FROM credentials c "
                    + "JOIN accounts a ON a.id = c.account_id " + where + "ORDER BY c.created_at, c.secret_id");
            if (accountName != null) q.bind("n", accountName);
            return q.map((rs, ctx) -> new CredentialInfo(rs.getString(1), rs.getString(4), rs.getBoolean(2),
                        Instant.ofEpochMilli(rs.getLong(3))))
                    .list();
        });
    }

    /** Returns false when there is no such credential. */
    public boolean setEnabled(String secretId, boolean enabled) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE credentials SET enabled = :e WHERE secret_id = :i")
                .bind("e", enabled).bind("i", secretId).execute()) > 0;
    }

    /** One indexed join: the credential and its account, or empty. */
    public Optional<ResolvedCredential> resolve(String secretId) {
        return jdbi.withHandle(h -> resolve(h, secretId));
    }

    private static Optional<ResolvedCredential> resolve(Handle h, String secretId) {
        return h.createQuery("SELECT c.secret_id, c.secret_key, c.enabled, a.* FROM credentials c "
                        + "JOIN accounts a ON a.id = c.account_id WHERE c.secret_id = :i")
                .bind("i", secretId)
                .map((rs, ctx) -> new ResolvedCredential(rs.getString("secret_id"), rs.getString("secret_key"),
                        rs.getBoolean("enabled"), account(rs)))
                .findOne();
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getLong("app_id"), rs.getString("name"),
                AccountState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)));
    }

    /** A credential as listed (no secret key). */
    public record CredentialInfo(String secretId, String accountName, boolean enabled, Instant createdAt) {}
}
