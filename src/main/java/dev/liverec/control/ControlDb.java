package dev.liverec.control;

import dev.liverec.control.ControlFailure.Reason;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's database access. Database failures become {@link ControlFailure}s ({@code WRITE_FAILED},
 * {@code READ_FAILED}) whose message carries no SQL or driver detail (that goes to the log); failures thrown inside
 * pass through and roll the transaction back, so a failed request never leaves half a change.
 */
public final class ControlDb {
    private static final Logger LOG = LoggerFactory.getLogger(ControlDb.class);

    private final Jdbi jdbi;

    public ControlDb(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A write in one transaction; failures are {@code WRITE_FAILED}. */
    public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return run(Reason.WRITE_FAILED, () -> jdbi.inTransaction(work));
    }

    /** One statement in auto-commit mode (atomic by itself; one round trip less than a transaction). */
    public <R> R statement(HandleCallback<R, RuntimeException> work) {
        return run(Reason.WRITE_FAILED, () -> jdbi.withHandle(work));
    }

    /** A read; failures are {@code READ_FAILED} (the configuration could not be loaded). */
    public <R> R read(HandleCallback<R, RuntimeException> work) {
        return run(Reason.READ_FAILED, () -> jdbi.withHandle(work));
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

    private static <R> R run(Reason reason, Work<R> work) {
        try {
            return work.get();
        } catch (ControlFailure e) {
            throw e;
        } catch (JdbiException | IllegalStateException e) {
            LOG.error("database failure", e);
            throw new ControlFailure(reason, "An internal error occurred; please retry later.", e);
        }
    }
}
