package dev.liverec.control;

import java.security.SecureRandom;

/** Opaque, unguessable TaskIds: 40 base62 characters from SecureRandom (about 238 bits). */
public final class TaskIdGenerator {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    public static final int LENGTH = 40;

    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return new String(out);
    }
}
