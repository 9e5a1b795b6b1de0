package dev.liverec.stream;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one set of rules for the names of a stream, whichever door they come through (RTMP publish, API, and so the
 * callbacks and object keys built from them). Lengths fit the schema ({@code VARCHAR(255)} columns) and DNS: a push
 * domain is a host name of at most 253 characters (letters, digits, {@code -}, labels of 1–63, IPv4 literals
 * included); an AppName or StreamName is 1–255 characters without {@code /}, {@code \}, {@code ..} or control
 * characters (it becomes one path component).
 */
public final class StreamNames {
    public static final int MAX_DOMAIN = 253;
    public static final int MAX_PART = 255;
    private static final Pattern DOMAIN =
            Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private StreamNames() {}

    /** The domain lower-cased, or empty when it is not a usable push domain. */
    public static Optional<String> domain(String value) {
        if (value == null) return Optional.empty();
        String d = value.trim().toLowerCase(Locale.ROOT);
        boolean ok = !d.isEmpty() && d.length() <= MAX_DOMAIN && DOMAIN.matcher(d).matches();
        return ok ? Optional.of(d) : Optional.empty();
    }

    /** Whether a non-empty AppName or StreamName follows the rules. */
    public static boolean part(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_PART && !value.contains("/")
                && !value.contains("\\") && !value.equals(".") && !value.contains("..")
                && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The rules of {@link #part} in words, for error messages. */
    public static final String PART_RULE = "1-" + MAX_PART + " characters without '/', '\\', '..' or control characters";
}
