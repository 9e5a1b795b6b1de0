package dev.liverec.task;

import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Admission for LimitExceeded.MaximumRunningTask without a database hot spot. Per account it keeps an upper bound
 * of the open tasks: the exact count read from the database, plus every task this node admitted since. Stops,
 * deletions and windows ending only lower the real count, so while the bound is under the limit a create is
 * admitted without a query; at the limit, or when the bound is older than {@code refreshNanos} (tasks other nodes
 * created), the exact count is read again, plus the reservations whose insert has not finished yet (a task
 * committing during the count may be counted twice: near the limit the bound errs on the safe side). Admission is
 * serialized per account, the insert itself is not, so concurrent creates commit in parallel.
 */
final class OpenTaskBudget {
    private static final class Bound {
        long value;
        long inFlight;
        long readAtNanos;
        boolean known;
    }

    private final Map<Long, Bound> bounds = new ConcurrentHashMap<>();
    private final long refreshNanos;

    OpenTaskBudget(long refreshNanos) {
        this.refreshNanos = refreshNanos;
    }

    /** Reserves one open task for the account, or throws LimitExceeded.MaximumRunningTask. */
    void admit(long accountId, int max, LongSupplier exactOpenCount) {
        Bound b = bounds.computeIfAbsent(accountId, k -> new Bound());
        synchronized (b) {
            long t = System.nanoTime();
            if (!b.known || b.value >= max || t - b.readAtNanos > refreshNanos) {
                b.value = exactOpenCount.getAsLong() + b.inFlight;
                b.readAtNanos = t;
                b.known = true;
            }
            if (b.value >= max) {
                throw new ApiException(ErrorCodes.LIMIT_MAX_RUNNING_TASK,
                        "The account already has " + b.value + " open record tasks (limit " + max + ").");
            }
            b.value++;
            b.inFlight++;
        }
    }

    /** Ends a reservation: its task is now stored ({@code stored}) or was not (the reservation is given back). */
    void settle(long accountId, boolean stored) {
        Bound b = bounds.get(accountId);
        synchronized (b) {
            b.inFlight--;
            if (!stored && b.value > 0) b.value--;
        }
    }
}
