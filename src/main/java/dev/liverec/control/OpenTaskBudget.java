package dev.liverec.control;


import dev.liverec.control.ControlFailure.Reason;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Admission for LimitExceeded.MaximumRunningTask without a database hot spot. Per account it keeps an upper bound
 * of the open tasks: the exact count read from the database, plus every task this node admitted since. Stops,
 * deletions and windows ending only lower the real count, so while the bound is under the limit a create is
 * admitted without a query. When the bound reaches the limit the exact count is read again (plus the reservations
 * whose insert has not finished; a task committing during the count may be counted twice, so near the limit the
 * bound errs on the safe side), which makes the limit exact on one node. Tasks other nodes create are picked up by a
 * refresh every {@code refreshNanos}, done by one caller outside the lock while the others go on. Admission is
 * serialized per account, the inserts are not, so concurrent creates commit in parallel.
 */
final class OpenTaskBudget {
    private static final class Bound {
        long value;
        long inFlight;
        long readAtNanos;
        boolean known;
        boolean refreshing;
    }

    private final Map<Long, Bound> bounds = new ConcurrentHashMap<>();
    private final long refreshNanos;

    OpenTaskBudget(long refreshNanos) {
        this.refreshNanos = refreshNanos;
    }

    /** Reserves one open task for the account, or throws LimitExceeded.MaximumRunningTask. */
    void admit(long accountId, int max, LongSupplier exactOpenCount) {
        Bound b = bounds.computeIfAbsent(accountId, k -> new Bound());
        boolean refresh = false;
        synchronized (b) {
            long t = System.nanoTime();
            if (!b.known || b.value >= max) {
                b.value = exactOpenCount.getAsLong() + b.inFlight;
                b.readAtNanos = t;
                b.known = true;
            } else if (t - b.readAtNanos > refreshNanos && !b.refreshing) {
                b.refreshing = true;
                refresh = true;
            }
            if (b.value >= max) {
                throw new ControlFailure(Reason.RUNNING_TASK_LIMIT,
                        "The account already has " + b.value + " open record tasks (limit " + max + ").");
            }
            b.value++;
            b.inFlight++;
        }
        if (refresh) refresh(b, exactOpenCount);
    }

    /** Raises the bound to the database's count (other nodes' tasks); never lowers it (that happens at the limit). */
    private static void refresh(Bound b, LongSupplier exactOpenCount) {
        long exact = -1;
        try {
            exact = exactOpenCount.getAsLong();
        } finally {
            synchronized (b) {
                if (exact >= 0) b.value = Math.max(b.value, exact + b.inFlight);
                b.readAtNanos = System.nanoTime();
                b.refreshing = false;
            }
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
