package dev.liverec.stream;

import java.net.InetSocketAddress;

/**
 * Decides whether a publish may start (push auth keys, forbidden streams, registered domains). May block on the
 * database: callers run it off the event loop.
 */
public interface PublishAuthorizer {
    /** @return the owning account id of the stream's domain, or 0 when the domain is not registered. */
    long authorize(StreamKey key, String queryString, InetSocketAddress peer) throws PublishRefusedException;

    PublishAuthorizer ALLOW_ALL = (key, query, peer) -> 0L;
}
