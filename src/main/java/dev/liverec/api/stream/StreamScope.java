package dev.liverec.api.stream;

import dev.liverec.control.account.Account;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.control.DomainDirectory;

import java.util.HashMap;
import java.util.Map;

/**
 * Which streams an account may see and touch: those on domains whose streams are its own
 * ({@link DomainDirectory#ownerOf}: its registered domains, and unregistered ones only in a single-account install).
 * A stream on another account's domain, or on an unregistered one when there are several accounts, does not exist
 * for the caller (ResourceNotFound.DomainNotExist), so its existence does not leak.
 */
final class StreamScope {
    private final DomainDirectory directory;
    private final Map<String, Long> owners = new HashMap<>();

    StreamScope(DomainDirectory directory) {
        this.directory = directory;
    }

    boolean visible(Account caller, String domain) {
        return owners.computeIfAbsent(domain, directory::ownerOf) == caller.id();
    }

    void check(Account caller, String domain) {
        if (!visible(caller, domain)) {
            throw new ApiException(ErrorCodes.NOT_FOUND_DOMAIN, "The domain " + domain + " does not exist.");
        }
    }
}
