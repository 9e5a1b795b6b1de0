package dev.liverec.rtmp.chunk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The node-wide budget for partial RTMP messages: who is shed when a reservation does not fit. */
class IngestMemoryBudgetTest {
    private final AtomicLong nanos = new AtomicLong();
    private final IngestMemoryBudget budget = new IngestMemoryBudget(100, 1000, nanos::get);
    private final List<String> shed = new ArrayList<>();

    private IngestMemoryBudget.Holder open(String name) {
        return budget.open(() -> shed.add(name));
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000);
    }

    @Test
    void theOldestIdlePeersAreShedFirstAndOnlyAsManyAsNeeded() {
        var oldest = open("oldest");
        oldest.reserve(40);
        advanceMillis(2000);
        var older = open("older");
        older.reserve(40);
        advanceMillis(2000);
        var publisher = open("publisher");
        publisher.reserve(10);
        publisher.progressed();
        assertThat(budget.used()).isEqualTo(90);

        assertThat(publisher.reserve(30)).isTrue();
        assertThat(shed).containsExactly("oldest");
        assertThat(budget.used()).isEqualTo(80);
        assertThat(budget.shedTotal()).isEqualTo(1);
        assertThat(budget.shedWithin(10)).isTrue();

        oldest.release(40); // its buffers are freed when its pipeline goes: already counted out
        oldest.close();
        assertThat(budget.used()).isEqualTo(80);
        assertThat(oldest.reserve(1)).isFalse();
    }

    @Test
    void recentlyActivePeersAreNotShedForOthersTheRequesterIsRefused() {
        var a = open("a");
        a.reserve(60);
        var b = open("b");
        advanceMillis(500); // a is idle, but not for long enough to be shed for b
        assertThat(b.reserve(50)).isFalse();
        assertThat(shed).containsExactly("b");
        assertThat(budget.used()).isEqualTo(60);
        b.close();
        a.release(60);
        a.close();
        assertThat(budget.used()).isZero();
        advanceMillis(20_000);
        assertThat(budget.shedWithin(10_000)).isFalse();
    }
}
