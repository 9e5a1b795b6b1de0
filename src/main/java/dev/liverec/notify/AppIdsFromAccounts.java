package dev.liverec.notify;

import dev.liverec.control.account.Account;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** APPIDs from the account list, cached; the list is read again when an unknown account shows up. */
public final class AppIdsFromAccounts implements AccountAppIds {
    private final Supplier<List<Account>> accounts;
    private final Map<Long, Long> cache = new ConcurrentHashMap<>();

    public AppIdsFromAccounts(Supplier<List<Account>> accounts) {
        this.accounts = accounts;
    }

    @Override
    public long appIdOf(long accountId) {
        Long v = cache.get(accountId);
        if (v == null) {
            for (Account a : accounts.get()) cache.put(a.id(), a.appId());
            v = cache.get(accountId);
        }
        return v != null ? v : accountId;
    }
}
