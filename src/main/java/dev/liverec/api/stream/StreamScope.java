package dev.liverec.api.stream;

import dev.liverec.control.account.Account;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.control.DomainDirectory;
import dev.liverec.control.LiveDomain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which streams an account may see and touch: those on its own domains, and those on domains nobody registered
 * (embedded single-user mode: every account sees them). A stream on another account's domain does not exist for
 * the caller (ResourceNotFound.DomainNotExist), so its existence does not leak.
 */
final class StreamScope {
    private final DomainDirectory directory;
    private final Map<String, Optional<LiveDomain>> cache = new HashMap<>();

    StreamScope(DomainDirectory directory) {
        this.directory = directory;
    }

    boolean visible(Account caller, String domain) {
        Optional<LiveDomain> d = cache.computeIfAbsent(domain, n -> directory.find(n));
        return d.isEmpty() || d.get().accountId() == caller.id();
    }

    void check(Account caller, String domain) {
        if (!visible(caller, domain)) {
            throw new ApiException(ErrorCodes.NOT_FOUND_DOMAIN, "The domain " + domain + " does not exist.");
        }
    }
}
