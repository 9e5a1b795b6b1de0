package dev.liverec.control;

/**
 * A push domain added with AddLiveDomain, owned by one account. Push authentication (spec §6) is on when
 * {@code pushAuthEnabled}: txSecret = MD5(key + StreamName + txTime), checked against the master key then the
 * backup key, valid until txTime + {@code authDelta} seconds.
 */
public record LiveDomain(long accountId, String name, int type, boolean enabled, boolean pushAuthEnabled,
                         String masterAuthKey, String backupAuthKey, long authDelta) {}
