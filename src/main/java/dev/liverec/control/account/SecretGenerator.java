package dev.liverec.control.account;

import java.security.SecureRandom;

/** Random identifiers and keys for accounts and credentials (SecureRandom; nothing fixed, nothing derived). */
public final class SecretGenerator {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final SecureRandom random;

    public SecretGenerator() {
        this(new SecureRandom());
    }

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    /** {@code AKID} + 32 base62 characters (about 190 bits), the shape Tencent's SecretIds have. */
    public String secretId() {
        return "AKID" + base62(32);
    }

    /** 40 base62 characters (about 238 bits). */
    public String secretKey() {
        return base62(40);
    }

    /** A 10-digit APPID (1000000000..9999999999). */
    public long appId() {
        return 1_000_000_000L + (long) (random.nextDouble() * 9_000_000_000L);
    }

    private String base62(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        return sb.toString();
    }
}
