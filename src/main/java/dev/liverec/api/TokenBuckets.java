package dev.liverec.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (credential × action): refills at {@code ratePerSecond}, holds at most one second's worth
 * (at least one token). A rate ≤ 0 disables limiting. Keys are bounded by the number of credentials times registered
 * actions, since unknown actions are rejected before the limiter is asked.
 */
public final class TokenBuckets {
    private final double ratePerSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(double ratePerSecond, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = Math.max(1, ratePerSecond);
        this.nanoTime = nanoTime;
    }

    public boolean tryAcquire(String key) {
        if (ratePerSecond <= 0) return true;
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong()));
        synchronized (b) {
            long now = nanoTime.getAsLong();
            b.tokens = Math.min(capacity, b.tokens + (now - b.at) * ratePerSecond / 1e9);
            b.at = now;
            if (b.tokens < 1) return false;
            b.tokens -= 1;
            return true;
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
