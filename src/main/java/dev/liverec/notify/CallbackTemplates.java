package dev.liverec.notify;

import dev.liverec.control.CallbackTemplate;

import java.util.Optional;

/** Which callback template applies to (account, domain, app): the control plane's callback rules. May block. */
@FunctionalInterface
public interface CallbackTemplates {
    Optional<CallbackTemplate> find(long accountId, String domain, String app);

    CallbackTemplates NONE = (a, d, p) -> Optional.empty();
}
