package dev.liverec.control;

import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's database access. Database failures become {@code InternalError.*} API errors whose message
 * carries no SQL or driver detail (that goes to the log); {@link ApiException}s thrown inside pass through and roll
 * the transaction back, so a failed request never leaves half a change.
 */
public final class ControlDb {
    private static final Logger LOG = LoggerFactory.getLogger(ControlDb.class);

    private final Jdbi jdbi;

    public ControlDb(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A write in one transaction; failures are {@code InternalError.SystemError}. */
    public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return run(ErrorCodes.INTERNAL_SYSTEM_ERROR, () -> jdbi.inTransaction(work));
    }

    /** One statement in auto-commit mode (atomic by itself; one round trip less than a transaction). */
    public <R> R statement(HandleCallback<R, RuntimeException> work) {
        return run(ErrorCodes.INTERNAL_SYSTEM_ERROR, () -> jdbi.withHandle(work));
    }

    /** A read; failures are {@code InternalError.GetConfigError} (the configuration could not be loaded). */
    public <R> R read(HandleCallback<R, RuntimeException> work) {
        return run(ErrorCodes.INTERNAL_GET_CONFIG_ERROR, () -> jdbi.withHandle(work));
    }

    /**
     * Serializes the limited creations of one account (tasks, templates) across threads and nodes: the account's
     * row in {@code control_account} is locked until the transaction ends.
     */
    public static void lockAccount(Handle h, long accountId) {
        h.createUpdate("INSERT INTO control_account (account_id) VALUES (:a) ON CONFLICT DO NOTHING")
                .bind("a", accountId).execute();
        h.createQuery("SELECT account_id FROM control_account WHERE account_id = :a FOR UPDATE")
                .bind("a", accountId).mapTo(Long.class).one();
    }

    private interface Work<R> {
        R get();
    }

    private static <R> R run(String code, Work<R> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            throw e;
        } catch (JdbiException | IllegalStateException e) {
            LOG.error("database failure", e);
            throw new ApiException(code, "An internal error occurred; please retry later.", e);
        }
    }
}
