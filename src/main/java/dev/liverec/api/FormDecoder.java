package dev.liverec.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code a=1&b=x%20y} (query string or form body) into decoded name → value pairs, in order. */
public final class FormDecoder {
    private FormDecoder() {}

    /** Throws {@code InvalidParameter} on a bad %-escape or a parameter sent twice (ambiguous to sign and to read). */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return out;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decodePart(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodePart(pair.substring(eq + 1));
            if (name.isEmpty()) continue;
            if (out.put(name, value) != null) {
                throw new ApiException(ErrorCodes.INVALID_PARAMETER, "The parameter `" + name + "` is given more than once.");
            }
        }
        return out;
    }

    private static String decodePart(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCodes.INVALID_PARAMETER, "The request has a malformed URL encoding.");
        }
    }
}
