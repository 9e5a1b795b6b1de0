package dev.liverec.control;

import java.util.Optional;

/** Looks up push domains (implemented by the control plane over the database; may block). */
public interface DomainDirectory {
    Optional<LiveDomain> find(String domainName);
}
