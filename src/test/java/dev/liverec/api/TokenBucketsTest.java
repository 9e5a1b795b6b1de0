package dev.liverec.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {
    @Test
    void burstThenRefillAtTheRate() {
        AtomicLong now = new AtomicLong();
        TokenBuckets b = new TokenBuckets(20, now::get);
        int ok = 0;
        for (int i = 0; i < 30; i++) if (b.tryAcquire("k")) ok++;
        assertThat(ok).isEqualTo(20);
        assertThat(b.tryAcquire("other")).isTrue();
        now.addAndGet(100_000_000L); // 100 ms → 2 tokens
        assertThat(b.tryAcquire("k")).isTrue();
        assertThat(b.tryAcquire("k")).isTrue();
        assertThat(b.tryAcquire("k")).isFalse();
        now.addAndGet(10_000_000_000L); // refill caps at one second's worth
        ok = 0;
        for (int i = 0; i < 30; i++) if (b.tryAcquire("k")) ok++;
        assertThat(ok).isEqualTo(20);
    }

    @Test
    void zeroRateDisablesLimiting() {
        TokenBuckets b = new TokenBuckets(0, () -> 0L);
        for (int i = 0; i < 1000; i++) assertThat(b.tryAcquire("k")).isTrue();
    }
}
