package dev.liverec.control;

import dev.liverec.control.ControlFailure.Reason;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Push and play domains in table {@code live_domain}. A name belongs to one account globally (primary key), so a
 * push on it is authenticated with that account's keys and recorded for that account only. Also the
 * {@link DomainDirectory} the RTMP layer asks.
 */
public final class DomainStore implements DomainDirectory {
    public static final int MAX_PER_ACCOUNT = 100;

    private static final RowMapper<StoredDomain> MAPPER = (rs, ctx) -> new StoredDomain(new LiveDomain(
            rs.getLong("account_id"), rs.getString("domain_name"), rs.getInt("domain_type"), rs.getBoolean("enabled"),
            rs.getBoolean("push_auth_enabled"), rs.getString("master_auth_key"), rs.getString("backup_auth_key"),
            rs.getLong("auth_delta")), rs.getInt("play_type"), rs.getInt("is_delay_live"),
            rs.getInt("is_mini_program_live"), Instant.ofEpochMilli(rs.getLong("created_at")));

    private static final long UNREGISTERED = -1;
    private static final long OWNER_TTL_NANOS = 1_000_000_000L;
    private static final int OWNER_CACHE_MAX = 10_000;

    private final ControlDb db;
    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    private volatile Sole sole;

    public DomainStore(ControlDb db) {
        this.db = db;
    }

    @Override
    public Optional<LiveDomain> find(String domainName) {
        return findStored(domainName).map(StoredDomain::domain);
    }

    public Optional<StoredDomain> findStored(String domainName) {
        return db.read(h -> h.createQuery("SELECT * FROM live_domain WHERE domain_name = :d")
                .bind("d", domainName.toLowerCase(Locale.ROOT)).map(MAPPER).findOne());
    }

    /** This account's domain, or ResourceNotFound.DomainNotExist (also for another account's). */
    public StoredDomain owned(long accountId, String domainName, Integer type) {
        return findStored(domainName)
                .filter(d -> d.domain().accountId() == accountId && (type == null || d.domain().type() == type))
                .orElseThrow(() -> new ControlFailure(Reason.DOMAIN_NOT_FOUND, "The domain does not exist."));
    }

    /**
     * Refuses a task or rule on a domain whose streams are not the caller's ({@link #ownerOf}): another account's
     * domain (it would never apply: pushes there are recorded for the owner only), or an unregistered domain in an
     * install with several accounts (its streams belong to nobody until one account registers it).
     */
    public void checkNotForeign(long accountId, String domainName) {
        long registrant = registrant(domainName);
        if (registrant != UNREGISTERED && registrant != accountId) {
            throw new ControlFailure(Reason.DOMAIN_NOT_FOUND, "The domain does not exist in this account.");
        }
        if (registrant == UNREGISTERED && accountCount() > 1) {
            throw new ControlFailure(Reason.DOMAIN_NOT_FOUND, "The domain " + domainName + " is not registered: with"
                    + " several accounts, add it to this account first (AddLiveDomain).");
        }
    }

    @Override
    public long ownerOf(String domainName) {
        long registrant = registrant(domainName);
        return registrant != UNREGISTERED ? registrant : unregisteredOwner();
    }

    @Override
    public long unregisteredOwner() {
        Sole s = sole();
        return s.count() == 1 ? s.firstId() : NOBODY;
    }

    private long accountCount() {
        return sole().count();
    }

    /** The number of accounts and the lowest id, cached like domain owners (asked on every publish and scope check). */
    private Sole sole() {
        long now = System.nanoTime();
        Sole cached = sole;
        if (cached != null && now - cached.expiresAt() < 0) return cached;
        Sole fresh = db.read(h -> h.createQuery("SELECT COUNT(*) AS n, COALESCE(MIN(id), 0) AS first FROM accounts")
                .map((rs, ctx) -> new Sole(rs.getLong("n"), rs.getLong("first"), now + OWNER_TTL_NANOS)).one());
        sole = fresh;
        return fresh;
    }

    /**
     * The account owning a domain ({@link #UNREGISTERED} if none), cached for at most a second: every task and rule
     * creation asks, and a query each time costs the hot path a round trip. Changes made through this node apply at
     * once (add/delete evict); another node's within the second.
     */
    private long registrant(String domainName) {
        String key = domainName.toLowerCase(Locale.ROOT);
        long now = System.nanoTime();
        Owner cached = owners.get(key);
        if (cached != null && now - cached.expiresAt() < 0) return cached.accountId();
        long owner = find(key).map(LiveDomain::accountId).orElse(UNREGISTERED);
        if (owners.size() >= OWNER_CACHE_MAX) owners.clear();
        owners.put(key, new Owner(owner, now + OWNER_TTL_NANOS));
        return owner;
    }

    private record Sole(long count, long firstId, long expiresAt) {}

    private record Owner(long accountId, long expiresAt) {}

    public void add(StoredDomain d) {
        LiveDomain ld = d.domain();
        db.inTransaction(h -> {
            ControlDb.lockAccount(h, ld.accountId());
            Optional<Long> owner = h.createQuery("SELECT account_id FROM live_domain WHERE domain_name = :d FOR UPDATE")
                    .bind("d", ld.name()).mapTo(Long.class).findOne();
            if (owner.isPresent()) {
                if (owner.get() == ld.accountId()) {
                    throw new ControlFailure(Reason.DOMAIN_ALREADY_ADDED, "The domain has already been added to this account.");
                }
                throw new ControlFailure(Reason.DOMAIN_OWNED_ELSEWHERE, "The domain belongs to another account.");
            }
            long n = h.createQuery("SELECT COUNT(*) FROM live_domain WHERE account_id = :a")
                    .bind("a", ld.accountId()).mapTo(Long.class).one();
            if (n >= MAX_PER_ACCOUNT) {
                throw new ControlFailure(Reason.DOMAIN_LIMIT,
                        "An account can have at most " + MAX_PER_ACCOUNT + " domains.");
            }
            h.createUpdate("INSERT INTO live_domain (domain_name, account_id, domain_type, enabled, play_type,"
                            + " is_delay_live, is_mini_program_live, push_auth_enabled, master_auth_key, backup_auth_key,"
                            + " auth_delta, created_at) VALUES (:d, :a, :type, :en, :play, :delay, :mini, :auth, :mk,"
                            + " :bk, :delta, :now)")
                    .bind("d", ld.name()).bind("a", ld.accountId()).bind("type", ld.type()).bind("en", ld.enabled())
                    .bind("play", d.playType()).bind("delay", d.isDelayLive()).bind("mini", d.isMiniProgramLive())
                    .bind("auth", ld.pushAuthEnabled()).bind("mk", ld.masterAuthKey()).bind("bk", ld.backupAuthKey())
                    .bind("delta", ld.authDelta()).bind("now", d.createdAt().toEpochMilli()).execute();
            return null;
        });
        owners.remove(ld.name().toLowerCase(Locale.ROOT));
    }

    public void delete(long accountId, String domainName, int type) {
        db.inTransaction(h -> {
            int n = h.createUpdate("DELETE FROM live_domain WHERE domain_name = :d AND account_id = :a"
                            + " AND domain_type = :type")
                    .bind("d", domainName).bind("a", accountId).bind("type", type).execute();
            if (n == 0) throw new ControlFailure(Reason.DOMAIN_NOT_FOUND, "The domain does not exist.");
            return null;
        });
        owners.remove(domainName.toLowerCase(Locale.ROOT));
    }

    public void updatePushAuth(long accountId, String domainName, boolean enabled, String master, String backup,
                               long delta) {
        db.inTransaction(h -> {
            int n = h.createUpdate("UPDATE live_domain SET push_auth_enabled = :en, master_auth_key = :mk,"
                            + " backup_auth_key = :bk, auth_delta = :delta WHERE domain_name = :d AND account_id = :a")
                    .bind("en", enabled).bind("mk", master).bind("bk", backup).bind("delta", delta)
                    .bind("d", domainName).bind("a", accountId).execute();
            if (n == 0) throw new ControlFailure(Reason.DOMAIN_NOT_FOUND, "The domain does not exist.");
            return null;
        });
        owners.remove(domainName.toLowerCase(Locale.ROOT));
    }

    /** EnableLiveDomain / ForbidLiveDomain: a forbidden domain refuses new pushes. */
    public void setEnabled(long accountId, String domainName, boolean enabled) {
        db.inTransaction(h -> {
            int n = h.createUpdate("UPDATE live_domain SET enabled = :en WHERE domain_name = :d AND account_id = :a")
                    .bind("en", enabled).bind("d", domainName).bind("a", accountId).execute();
            if (n == 0) throw new ControlFailure(Reason.DOMAIN_NOT_FOUND, "The domain does not exist.");
            return null;
        });
        owners.remove(domainName.toLowerCase(Locale.ROOT));
    }

    public record Filter(Integer status, Integer type, Integer isDelayLive, String prefix, Integer playType) {}

    public List<StoredDomain> list(long accountId, Filter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM live_domain WHERE account_id = :a");
        if (f.status() != null) sql.append(" AND enabled = :en");
        if (f.type() != null) sql.append(" AND domain_type = :type");
        if (f.isDelayLive() != null) sql.append(" AND is_delay_live = :delay");
        if (f.prefix() != null) sql.append(" AND domain_name LIKE :prefix ESCAPE '!'");
        if (f.playType() != null) sql.append(" AND play_type = :play");
        sql.append(" ORDER BY created_at, domain_name");
        return db.read(h -> {
            Query q = h.createQuery(sql.toString()).bind("a", accountId);
            if (f.status() != null) q.bind("en", f.status() == 1);
            if (f.type() != null) q.bind("type", f.type());
            if (f.isDelayLive() != null) q.bind("delay", f.isDelayLive());
            if (f.prefix() != null) {
                q.bind("prefix", f.prefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            if (f.playType() != null) q.bind("play", f.playType());
            return q.map(MAPPER).list();
        });
    }

    /** Every push domain of every account (what a node keeps for publishing while the database is down). */
    @Override
    public List<LiveDomain> pushDomains() {
        return db.read(h -> h.createQuery("SELECT * FROM live_domain WHERE domain_type = 0").map(MAPPER).list())
                .stream().map(StoredDomain::domain).toList();
    }

    public long count(long accountId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM live_domain WHERE account_id = :a")
                .bind("a", accountId).mapTo(Long.class).one());
    }
}
