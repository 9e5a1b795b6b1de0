package dev.liverec.control.account;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Resolves a SecretId to its key, state and account for the API gateway. Found credentials are cached for at most
 * {@code ttlNanos} (default 1 s): the gateway then needs no database round trip per request, and a credential
 * disabled or an account frozen by the CLI (possibly from another process, straight in the database) stops working
 * within that time. Unknown SecretIds are not cached, so a credential created by the CLI is usable at once.
 */
public final class AccountDirectory {
    public static final long DEFAULT_TTL_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private final AccountStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public AccountDirectory(AccountStore store) {
        this(store, DEFAULT_TTL_NANOS, System::nanoTime);
    }

    public AccountDirectory(AccountStore store, long ttlNanos, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttlNanos;
        this.nanoTime = nanoTime;
    }

    public AccountStore store() { return store; }

    /** The credential (enabled or not) with its account; empty when the SecretId does not exist. May block (JDBC). */
    public Optional<ResolvedCredential> resolve(String secretId) {
        long now = nanoTime.getAsLong();
        Entry e = cache.get(secretId);
        if (e != null && now - e.loadedAt < ttlNanos) return Optional.of(e.credential);
        Optional<ResolvedCredential> fresh = store.resolve(secretId);
        if (fresh.isPresent()) {
            if (cache.size() >= MAX_ENTRIES) cache.clear();
            cache.put(secretId, new Entry(fresh.get(), now));
        } else {
            cache.remove(secretId);
        }
        return fresh;
    }

    /** Drops cached entries, so changes made through this process are seen at once. */
    public void invalidate(String secretId) {
        cache.remove(secretId);
    }

    public void invalidateAll() {
        cache.clear();
    }

    private record Entry(ResolvedCredential credential, long loadedAt) {}
}
