package dev.liverec.control;

import dev.liverec.db.SqlErrors;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.PublishAuthorizer;
import dev.liverec.stream.PublishRefusedException;
import dev.liverec.stream.QueryString;
import dev.liverec.stream.StreamKey;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The node's publish policy: the domain must be enabled (and registered, with {@code rtmp.requireRegisteredDomain}),
 * a domain with push auth on needs a valid txSecret/txTime, and a forbidden stream is refused until its resume time.
 * The stream belongs to the domain's owner ({@link DomainDirectory#ownerOf}; nobody, 0, for an unregistered domain
 * in an install with several accounts). Runs on a blocking executor (directory and bans live in the database; give
 * it a {@link LastKnownDomains} so known domains publish through a database outage).
 */
public final class DomainPublishAuthorizer implements PublishAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(DomainPublishAuthorizer.class);
    private final DomainDirectory directory;
    private final ForbiddenStreams forbidden;
    private final boolean requireRegisteredDomain;
    private final Clock clock;
    private final BooleanSupplier databaseReachable;

    public DomainPublishAuthorizer(DomainDirectory directory, ForbiddenStreams forbidden,
                                   boolean requireRegisteredDomain, Clock clock) {
        this(directory, forbidden, requireRegisteredDomain, clock, () -> true);
    }

    /** @param databaseReachable false while the database is known to be down: bans are then not asked for */
    public DomainPublishAuthorizer(DomainDirectory directory, ForbiddenStreams forbidden,
                                   boolean requireRegisteredDomain, Clock clock, BooleanSupplier databaseReachable) {
        this.databaseReachable = databaseReachable;
        this.directory = directory;
        this.forbidden = forbidden;
        this.requireRegisteredDomain = requireRegisteredDomain;
        this.clock = clock;
    }

    @Override
    public long authorize(StreamKey key, String queryString, InetSocketAddress peer) throws PublishRefusedException {
        Optional<LiveDomain> domain = directory.find(key.domain());
        if (domain.isEmpty() && requireRegisteredDomain) {
            throw new PublishRefusedException("NetStream.Publish.BadName", "domain " + key.domain() + " is not registered");
        }
        if (domain.isPresent() && !domain.get().enabled()) {
            throw new PublishRefusedException("NetStream.Publish.BadConnection", "domain " + key.domain() + " is disabled");
        }
        var ban = activeBan(key);
        if (ban.isPresent()) {
            throw new PublishRefusedException("NetStream.Publish.BadName",
                    "stream " + key + " is forbidden until " + ban.get().resumeAt());
        }
        if (domain.isPresent() && domain.get().pushAuthEnabled()) {
            Map<String, String> query = QueryString.parse(queryString);
            PushAuth.verify(domain.get(), key.name(), query, clock.instant());
        }
        return domain.map(LiveDomain::accountId).orElseGet(directory::unregisteredOwner);
    }

    /** The ban in force; none while the database is unreachable (a ban reaches live publishers by command anyway). */
    private Optional<ForbiddenStreams.Ban> activeBan(StreamKey key) {
        if (!databaseReachable.getAsBoolean()) return Optional.empty();
        try {
            return forbidden.active(key, clock.instant());
        } catch (RuntimeException e) {
            if (!SqlErrors.unavailable(e)) throw e;
            LOG.warn("stream {}: database unreachable, bans not checked", key);
            return Optional.empty();
        }
    }
}
