package dev.liverec.control;

import java.util.List;
import java.util.Optional;

/**
 * Looks up push domains (implemented by the control plane over the database; may block) and says whose a stream
 * on a domain is. The model for unregistered domains (docs/api-compatibility.md, "Unregistered push domains"): in
 * a single-account install they belong to that account, as if it had registered them; with several accounts they
 * belong to nobody, so no account sees, records or drops a stream there until one registers the domain.
 */
public interface DomainDirectory {
    /** Account id of a stream that nobody owns. */
    long NOBODY = 0L;

    Optional<LiveDomain> find(String domainName);

    /** Every registered push domain, for a cache to warm up from; none when the directory cannot list them. */
    default List<LiveDomain> pushDomains() {
        return List.of();
    }

    /** The account that streams on unregistered domains belong to: the only account of the install, else nobody. */
    default long unregisteredOwner() {
        return NOBODY;
    }

    /** The account a stream on this domain belongs to: the domain's registrant, else {@link #unregisteredOwner}. */
    default long ownerOf(String domainName) {
        return find(domainName).map(LiveDomain::accountId).orElseGet(this::unregisteredOwner);
    }
}
