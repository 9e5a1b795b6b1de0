package dev.liverec.notify;

import java.time.Instant;

/**
 * One callback in the outbox. {@code payload} is the JSON body without {@code sign}/{@code t}, which are added at
 * each attempt. Status: pending (due at nextAttempt, possibly leased by a sender now), delivered, failed (attempts
 * exhausted; "retry now" makes it pending again).
 */
public record Delivery(long id, long accountId, int eventType, String eventName, String refId, String url,
                       String callbackKey, String payload, String status, int attempts, int maxAttempts,
                       Instant nextAttempt, Integer lastHttpStatus, String lastError, Instant createdAt,
                       Instant deliveredAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
