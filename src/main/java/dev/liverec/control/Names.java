package dev.liverec.control;


import dev.liverec.control.ControlFailure.Reason;
import dev.liverec.stream.StreamNames;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Shapes of the names clients send: push domains, AppName/StreamName (they end up in file paths and must be one
 * safe path component), template names (Chinese characters, letters, digits, {@code _} and {@code -}).
 */
public final class Names {
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]+");

    private Names() {}

    /** A push domain ({@link StreamNames#domain}), lower-cased; a bad one is {@code InvalidParameter.DomainFormatError}. */
    public static String domain(String field, String value) {
        return StreamNames.domain(value).orElseThrow(() -> new ControlFailure(Reason.DOMAIN_NAME_FORMAT,
                "The value of `" + field + "` is not a valid domain name."));
    }

    /** An AppName or StreamName ({@link StreamNames#part}): 1–255 characters, no separators, {@code ..} or controls. */
    public static String streamPart(String field, String value, boolean allowEmpty) {
        if (value.isEmpty() && allowEmpty) return value;
        if (!StreamNames.part(value)) throw ControlFailure.invalid(field, StreamNames.PART_RULE);
        return value;
    }

    /** A template name: required charset, 1–255 bytes; otherwise {@code InvalidParameter.ArgsNotMatch}. */
    public static String templateName(String field, String value) {
        if (!TEMPLATE_NAME.matcher(value).matches() || value.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new ControlFailure(Reason.TEMPLATE_NAME_FORMAT, "The value of `" + field
                    + "` may only contain Chinese characters, letters, digits, '_' and '-' (at most 255 bytes).");
        }
        return value;
    }

    /** A description: at most 1024 bytes. */
    public static String description(String field, String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw ControlFailure.invalidValue(field, "at most 1024 bytes");
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            throw ControlFailure.invalidValue(field, "control characters are not allowed");
        }
        return value;
    }
}
