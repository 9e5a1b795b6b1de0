package dev.liverec.control;


import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Push authentication keys: generated ones are 32 random hex digits; set ones are 1–128 letters/digits/_/-. */
public final class AuthKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private AuthKeys() {}

    public static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String check(String field, String key) {
        if (!key.isEmpty() && !KEY.matcher(key).matches()) {
            throw ControlFailure.invalidValue(field, "1-128 letters, digits, '_' or '-'");
        }
        return key;
    }
}
