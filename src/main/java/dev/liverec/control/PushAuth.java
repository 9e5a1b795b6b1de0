package dev.liverec.control;

import dev.liverec.stream.PublishRefusedException;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Push URL authentication (spec §6): {@code txSecret = hex(MD5(key + StreamName + txTime))} with txTime hashed
 * exactly as sent, checked against the master then the backup key in constant time; the URL is valid until
 * {@code txTime + authDelta} seconds. txTime of up to 8 characters is read as hex (the documented form, e.g.
 * {@code 5C271099}); longer all-digit values as decimal Unix seconds.
 */
public final class PushAuth {
    private PushAuth() {}

    public static void verify(LiveDomain domain, String streamName, Map<String, String> query, Instant now)
            throws PublishRefusedException {
        String secret = query.get("txSecret");
        String txTime = query.get("txTime");
        if (secret == null || secret.isEmpty() || txTime == null || txTime.isEmpty()) {
            throw refused("push auth: txSecret/txTime missing");
        }
        long expiry = parseTxTime(txTime);
        if (expiry < 0) throw refused("push auth: txTime " + txTime + " is not a time");
        byte[] given = secret.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean ok = matches(domain.masterAuthKey(), streamName, txTime, given)
                | matches(domain.backupAuthKey(), streamName, txTime, given);
        if (!ok) throw refused("push auth: txSecret does not match");
        if (now.getEpochSecond() > expiry + Math.max(0, domain.authDelta())) {
            throw refused("push auth: URL expired at " + Instant.ofEpochSecond(expiry + Math.max(0, domain.authDelta())));
        }
    }

    public static String txSecret(String key, String streamName, String txTime) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((key + streamName + txTime).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unix seconds, or -1 when unreadable. */
    static long parseTxTime(String txTime) {
        try {
            if (txTime.length() <= 8) return Long.parseLong(txTime, 16);
            if (txTime.length() <= 12 && txTime.chars().allMatch(Character::isDigit)) return Long.parseLong(txTime);
        } catch (NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static boolean matches(String key, String streamName, String txTime, byte[] given) {
        if (key == null || key.isEmpty()) return false;
        byte[] expected = txSecret(key, streamName, txTime).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private static PublishRefusedException refused(String why) {
        return new PublishRefusedException("NetStream.Publish.BadName", why);
    }
}
