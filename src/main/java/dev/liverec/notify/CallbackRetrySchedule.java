package dev.liverec.notify;

import dev.liverec.config.CallbackConfig;

/**
 * When the next attempt of a failed callback is due: {@code retryIntervalSeconds × retryBackoff^(attempt−1)}, each wait
 * capped at {@code maxRetryIntervalSeconds}, for {@code maxAttempts} attempts (issue 10, R5: a fixed 60 s × 3 survived a
 * receiver outage of two minutes at most).
 */
final class CallbackRetrySchedule {
    private final CallbackConfig cfg;

    CallbackRetrySchedule(CallbackConfig cfg) {
        this.cfg = cfg;
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    long delayMillis(int attempt) {
        double factor = Math.pow(Math.max(1.0, cfg.retryBackoff), attempt - 1);
        double cap = Math.max(cfg.retryIntervalSeconds, cfg.maxRetryIntervalSeconds) * 1000.0;
        return (long) Math.min(cap, cfg.retryIntervalSeconds * 1000.0 * factor);
    }

    /** How long after the first attempt the last one is made: the longest receiver outage a delivery survives. */
    long coveredMillis() {
        long total = 0;
        for (int a = 1; a < cfg.maxAttempts; a++) total += delayMillis(a);
        return total;
    }
}
