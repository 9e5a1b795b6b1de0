package dev.liverec.control;

import dev.liverec.db.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The domain directory publish authorization asks, answering from the last successful read while the database is
 * unreachable, so known domains (with their push keys and switches) keep publishing through an outage. Every
 * lookup reads through; the whole push-domain list is re-read every {@link #REFRESH_MS} so domains this node has
 * not seen a publish for are known too. A domain never read is refused during an outage (the lookup fails). Once
 * the database is known to be down (the node's heartbeat failed), known entries answer without waiting for it.
 */
public final class LastKnownDomains implements DomainDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LastKnownDomains.class);
    static final long REFRESH_MS = 30_000;
    private static final int MAX_ENTRIES = 100_000;

    private final DomainDirectory directory;
    private final BooleanSupplier databaseReachable;
    private final ConcurrentHashMap<String, Optional<LiveDomain>> known = new ConcurrentHashMap<>();
    private volatile Long unregisteredOwner;
    private volatile long refreshedAt = Long.MIN_VALUE;

    /** @param databaseReachable false while the database is known to be down: known entries answer without a wait */
    public LastKnownDomains(DomainDirectory directory, BooleanSupplier databaseReachable) {
        this.directory = directory;
        this.databaseReachable = databaseReachable;
    }

    @Override
    public Optional<LiveDomain> find(String domainName) {
        String key = domainName.toLowerCase(Locale.ROOT);
        Optional<LiveDomain> cached = known.get(key);
        if (cached != null && !databaseReachable.getAsBoolean()) return cached;
        try {
            Optional<LiveDomain> d = directory.find(domainName);
            if (known.size() >= MAX_ENTRIES) known.clear();
            known.put(key, d);
            return d;
        } catch (RuntimeException e) {
            Optional<LiveDomain> last = SqlErrors.unavailable(e) ? known.get(key) : null;
            if (last == null) throw e;
            LOG.debug("domain {}: database unreachable, using the last known entry", key);
            return last;
        }
    }

    @Override
    public long unregisteredOwner() {
        Long cached = unregisteredOwner;
        if (cached != null && !databaseReachable.getAsBoolean()) return cached;
        try {
            long owner = directory.unregisteredOwner();
            unregisteredOwner = owner;
            return owner;
        } catch (RuntimeException e) {
            Long last = unregisteredOwner;
            if (last == null || !SqlErrors.unavailable(e)) throw e;
            return last;
        }
    }

    @Override
    public long ownerOf(String domainName) {
        return find(domainName).map(LiveDomain::accountId).orElseGet(this::unregisteredOwner);
    }

    @Override
    public List<LiveDomain> pushDomains() {
        return directory.pushDomains();
    }

    /** Re-reads every push domain when the last full read is older than {@link #REFRESH_MS} (heartbeat thread). */
    public void refreshIfDue() {
        long now = System.nanoTime() / 1_000_000;
        if (refreshedAt != Long.MIN_VALUE && now - refreshedAt < REFRESH_MS) return;
        List<LiveDomain> all = directory.pushDomains();
        if (known.size() + all.size() >= MAX_ENTRIES) known.clear();
        for (LiveDomain d : all) known.put(d.name().toLowerCase(Locale.ROOT), Optional.of(d));
        unregisteredOwner();
        refreshedAt = now;
    }
}
