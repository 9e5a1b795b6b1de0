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
 * ({@code Describe*}) are therefore always served (a console polling lists with {@code {}} bodies, a check right
 * after a change; a replay can only read). A write whose signature another call already used is served only within
 * {@code graceMillis} of that first use and from the same source address: an SDK that stops and then deletes a task
 * in the same second sends both with one signature, from one process, and both arrive within about a second; a
 * captured signature replayed for another write later than that, or from another address, is refused. This shrinks
 * the window for a cross-action replay from twice the skew window to the grace, and to the original's address.
 * (A list of allowed follow-up actions would be narrower still but breaks honest clients: any two writes that take
 * the same body — DropLiveStream then ForbidLiveStream, Delete*Template with one id — share a signature when sent in
 * one second.)
 *
 * <p>Per node and in memory: entries expire after twice the skew window (a signature is valid from its timestamp
 * minus to plus the skew), at most {@code maxEntries} are kept, the oldest dropped first. Several nodes behind a load
 * balancer each keep their own: a replay sent to another node than the original is not caught. A signature is bound
 * once its request succeeded: an honest client may follow a refused call with another action in the same second.
 */
final class SignatureReplayGuard {
    private record Seen(String request, String source, long firstUseMillis, long expiresAtMillis) {}

    private static final String READ = "read ";
    private final Clock clock;
    private final long keepMillis;
    private final int maxEntries;
    private final long graceMillis;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

    SignatureReplayGuard(Clock clock, Duration skew, int maxEntries, Duration grace) {
        this.clock = clock;
        this.keepMillis = 2 * skew.toMillis();
        this.maxEntries = maxEntries;
        this.graceMillis = grace.toMillis();
    }

    /** What a signature is bound to: the unsigned parts of the request that select what it does. */
    static String boundRequest(Tc3Authorization auth, String action, String version, String region) {
        var signed = auth.signedHeaders();
        String what = signed.contains("x-tc-action") ? "" : action.startsWith("Describe") ? READ.trim() : action;
        return what + ' ' + (signed.contains("x-tc-version") ? "" : version)
                + ' ' + (signed.contains("x-tc-region") ? "" : String.valueOf(region));
    }

    /**
     * True when {@code signature} is unknown, was first served with the same {@code request} (action, version,
     * region), the request only reads, or the first use was at most the grace ago from the same {@code source}
     * address. Nothing is remembered until {@link #remember} (after the action succeeded).
     */
    synchronized boolean admit(String signature, String request, String source) {
        long now = clock.millis();
        expire(now);
        Seen first = seen.get(signature);
        return first == null || first.request().equals(request) || request.startsWith(READ)
                || now - first.firstUseMillis() < graceMillis && first.source().equals(source);
    }

    /**
     * Binds {@code signature} to the request it just served successfully (a failed call binds nothing) and to the
     * address it came from.
     */
    synchronized void remember(String signature, String request, String source) {
        long now = clock.millis();
        expire(now);
        if (seen.containsKey(signature)) return;
        if (seen.size() >= maxEntries) {
            Iterator<Map.Entry<String, Seen>> eldest = seen.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        seen.put(signature, new Seen(request, source, now, now + keepMillis));
    }

    private void expire(long now) {
        for (Iterator<Seen> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis() > now) break; // insertion order = expiry order
            it.remove();
        }
    }
}
