package dev.liverec.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binds each TC3 signature to the request it was first seen with (issue 10, R2). The SDKs sign only
 * {@code content-type} and {@code host}, so {@code X-TC-Action}, {@code X-TC-Version} and {@code X-TC-Region} are not
 * covered: a captured StopRecordTask could be replayed as DeleteRecordTask within the skew window. A signature seen
 * again with the same action, version and region is an SDK retry and stays accepted; with any other it is refused.
 * Only what the signature does not cover is bound (a client that signs {@code x-tc-action} is not limited by action).
 *
 * <p>Two honest calls can carry the same signature: same credential, host, body and second. Read-only actions
 * ({@code Describe*}) therefore share one binding (a console polling lists with {@code {}} bodies keeps working; a
 * replay can only read); a write with the same signature as another call is refused, and the client re-signs it
 * with the next second's timestamp.
 *
 * <p>Per node and in memory: entries expire after twice the skew window (a signature is valid from its timestamp
 * minus to plus the skew), at most {@code maxEntries} are kept, the oldest dropped first. Several nodes behind a load
 * balancer each keep their own: a replay sent to another node than the original is not caught.
 */
final class SignatureReplayGuard {
    private record Seen(String request, long expiresAtMillis) {}

    private final Clock clock;
    private final long keepMillis;
    private final int maxEntries;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

    SignatureReplayGuard(Clock clock, Duration skew, int maxEntries) {
        this.clock = clock;
        this.keepMillis = 2 * skew.toMillis();
        this.maxEntries = maxEntries;
    }

    /** What a signature is bound to: the unsigned parts of the request that select what it does. */
    static String boundRequest(Tc3Authorization auth, String action, String version, String region) {
        var signed = auth.signedHeaders();
        String what = signed.contains("x-tc-action") ? "" : action.startsWith("Describe") ? "read" : action;
        return what + ' ' + (signed.contains("x-tc-version") ? "" : version)
                + ' ' + (signed.contains("x-tc-region") ? "" : String.valueOf(region));
    }

    /** True when {@code signature} is new or was first seen with the same {@code request} (action, version, region). */
    synchronized boolean admit(String signature, String request) {
        long now = clock.millis();
        for (Iterator<Seen> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis() > now) break; // insertion order = expiry order
            it.remove();
        }
        Seen first = seen.get(signature);
        if (first != null) return first.request().equals(request);
        if (seen.size() >= maxEntries) {
            Iterator<Map.Entry<String, Seen>> eldest = seen.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        seen.put(signature, new Seen(request, now + keepMillis));
        return true;
    }
}
