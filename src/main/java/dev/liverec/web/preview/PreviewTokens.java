package dev.liverec.web.preview;

import dev.liverec.stream.StreamKey;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signed, expiring live-preview URLs: token = base64url(HMAC-SHA256(node key, account, stream, expiry)). The key is
 * random per process, so a URL is good only on the node that issued it (the node where the stream is live) and
 * only until a restart; a player gets a fresh one from the API for every viewing.
 */
public final class PreviewTokens {
    private final byte[] key = new byte[32];

    public PreviewTokens() {
        new SecureRandom().nextBytes(key);
    }

    public String token(long accountId, StreamKey stream, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String msg = accountId + "\n" + stream.domain() + "\n" + stream.app() + "\n" + stream.name() + "\n" + expiresEpochSecond;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(msg.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check of a token against the expected one; false when expired. */
    public boolean valid(String token, long accountId, StreamKey stream, long expires, long nowEpochSecond) {
        if (token == null || expires < nowEpochSecond) return false;
        byte[] want = token(accountId, stream, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(want, token.getBytes(StandardCharsets.US_ASCII));
    }
}
