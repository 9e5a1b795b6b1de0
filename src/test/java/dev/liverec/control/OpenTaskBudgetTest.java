package dev.liverec.control;

import dev.liverec.api.FailureCodes;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenTaskBudgetTest {
    @Test
    void countsOnlyWhenUnknownOrAtTheLimit() {
        OpenTaskBudget budget = new OpenTaskBudget(Long.MAX_VALUE);
        AtomicInteger queries = new AtomicInteger();
        AtomicLong stored = new AtomicLong(1);
        for (int i = 0; i < 2; i++) {
            budget.admit(7, 3, () -> { queries.incrementAndGet(); return stored.get(); });
            budget.settle(7, true);
            stored.incrementAndGet();
        }
        assertThat(queries).hasValue(1);
        // bound 3 = limit: the next admission recounts; the store says 3 → refused
        assertThatThrownBy(() -> budget.admit(7, 3, () -> { queries.incrementAndGet(); return stored.get(); }))
                .isInstanceOfSatisfying(ControlFailure.class, e -> assertThat(FailureCodes.code(e.reason())).isEqualTo("LimitExceeded.MaximumRunningTask"));
        assertThat(queries).hasValue(2);
        // one task stopped meanwhile: recount admits again
        stored.set(2);
        budget.admit(7, 3, stored::get);
        budget.settle(7, false); // its insert failed: the reservation is given back
        budget.admit(7, 3, () -> { throw new AssertionError("no recount needed"); });
    }

    @Test
    void inFlightReservationsCountAtTheLimit() {
        OpenTaskBudget budget = new OpenTaskBudget(Long.MAX_VALUE);
        budget.admit(1, 2, () -> 0);
        budget.admit(1, 2, () -> 0);
        // neither insert has committed yet: the database still says 0, the reservations must count
        assertThatThrownBy(() -> budget.admit(1, 2, () -> 0)).isInstanceOf(ControlFailure.class);
    }

    @Test
    void refreshPicksUpOtherNodesTasks() {
        OpenTaskBudget budget = new OpenTaskBudget(0); // always stale
        budget.admit(1, 10, () -> 0);
        budget.settle(1, true);
        // another node created 8: the next admission refreshes (after admitting on the old bound)
        budget.admit(1, 10, () -> 9);
        budget.settle(1, true);
        // bound is now 9 + the one just admitted = 10 → recount at the limit
        AtomicInteger recounts = new AtomicInteger();
        assertThatThrownBy(() -> budget.admit(1, 10, () -> { recounts.incrementAndGet(); return 10; }))
                .isInstanceOf(ControlFailure.class);
        assertThat(recounts).hasValue(1);
    }
}
