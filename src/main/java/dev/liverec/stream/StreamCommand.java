package dev.liverec.stream;

import java.util.Locale;

/**
 * A stream action addressed to whichever node has the stream live: DropLiveStream or the disconnect part of
 * ForbidLiveStream, by {@code accountId} on {@code node} at {@code issuedAtMs} (epoch ms, that node's clock).
 */
public record StreamCommand(long id, Kind kind, StreamKey key, long accountId, long issuedAtMs, String node) {
    /** What the command does to a matching publisher (both disconnect; a forbid also holds while its ban does). */
    public enum Kind {
        DROP, FORBID;

        String dbName() { return name().toLowerCase(Locale.ROOT); }

        static Kind fromDb(String v) { return valueOf(v.toUpperCase(Locale.ROOT)); }
    }

    /**
     * Whether this command may act on {@code s}: same stream key, and the stream is the caller's (published on its
     * domain) or on a domain nobody registered (account 0), the same scope the API checked. The publish time is
     * not looked at here: see {@link #predates}.
     */
    public boolean mayTouch(LiveStream s) {
        return s.key().equals(key) && (s.accountId() == 0 || s.accountId() == accountId);
    }

    /** Whether {@code s}'s publish began before the command (a re-push after a drop is left alone). */
    public boolean predates(LiveStream s) {
        return s.publishedAt().toEpochMilli() <= issuedAtMs;
    }
}
