package dev.liverec.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The optional deny-list for callback targets ({@code callback.denyPrivateTargets}): on a shared install a tenant's
 * callback URL must not reach the node's loopback, link-local (cloud metadata at 169.254.169.254), private or
 * multicast addresses. Checked before each attempt on every address the host resolves to; a refused attempt counts
 * as a failed one (logged, retried by the schedule, then {@code failed}). The HTTP client resolves the name again, so
 * a DNS answer that changes between the two lookups is not caught; put an egress filter in front for that.
 */
final class CallbackTargetPolicy {
    private final boolean denyPrivate;

    CallbackTargetPolicy(boolean denyPrivate) {
        this.denyPrivate = denyPrivate;
    }

    /** Why {@code url} may not be called, or empty when it may. */
    Optional<String> refusal(URI url) {
        if (!denyPrivate) return Optional.empty();
        String host = url.getHost();
        if (host == null) return Optional.of("target has no host");
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isPrivate(a)) return Optional.of("target " + host + " resolves to a denied address " + a.getHostAddress());
            }
        } catch (UnknownHostException e) {
            return Optional.empty(); // the attempt itself reports the unknown host
        }
        return Optional.empty();
    }

    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xFE) == 0xFC; // fc00::/7
        boolean sharedCgnat = b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64; // 100.64.0.0/10
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || sharedCgnat;
    }
}
