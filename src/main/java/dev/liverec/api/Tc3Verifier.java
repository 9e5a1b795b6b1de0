package dev.liverec.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a TC3 signature against the request as received: raw body hash (or UNSIGNED-PAYLOAD), every header that
 * SignedHeaders lists, values as sent. On a mismatch it retries the known client variants: the Host without its
 * port (the Node SDK signs the hostname but sends host:port) and lowercased header values (the docs lowercase them).
 */
public final class Tc3Verifier {
    private static final String UNSIGNED_HASH = Tc3Signer.sha256Hex(Tc3Signer.UNSIGNED_PAYLOAD);
    private final SigningKeyCache keys = new SigningKeyCache();

    /**
     * @param header a case-insensitive header lookup (null when absent)
     * @param timestamp the X-TC-Timestamp value (already checked to be numeric)
     */
    public boolean verify(Tc3Authorization auth, String secretKey, String method, String query,
                          Function<String, String> header, byte[] body, long timestamp) {
        String unsigned = header.apply("X-TC-Content-SHA256");
        String hashedPayload = Tc3Signer.UNSIGNED_PAYLOAD.equals(unsigned == null ? null : unsigned.trim())
                ? UNSIGNED_HASH : Tc3Signer.sha256Hex(body);
        List<Tc3Signer.Header> asSent = new ArrayList<>(auth.signedHeaders().size());
        for (String name : auth.signedHeaders()) {
            String v = header.apply(name);
            asSent.add(new Tc3Signer.Header(name, v == null ? "" : v.trim()));
        }
        byte[] kSigning = keys.get(secretKey, auth.date(), auth.service());
        byte[] provided = auth.signature().getBytes(StandardCharsets.US_ASCII);
        for (List<Tc3Signer.Header> variant : variants(asSent)) {
            String canonical = Tc3Signer.canonicalRequest(method, query, variant, hashedPayload);
            String sts = Tc3Signer.stringToSign(timestamp, auth.credentialScope(), canonical);
            byte[] expected = Tc3Signer.signature(kSigning, sts).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, provided)) return true;
        }
        return false;
    }

    private static Set<List<Tc3Signer.Header>> variants(List<Tc3Signer.Header> asSent) {
        Set<List<Tc3Signer.Header>> out = new LinkedHashSet<>();
        out.add(asSent);
        List<Tc3Signer.Header> noPort = new ArrayList<>(asSent.size());
        for (Tc3Signer.Header h : asSent) {
            noPort.add(h.name().equals("host") ? new Tc3Signer.Header("host", stripPort(h.value())) : h);
        }
        out.add(noPort);
        out.add(lowercase(asSent));
        out.add(lowercase(noPort));
        return out;
    }

    private static List<Tc3Signer.Header> lowercase(List<Tc3Signer.Header> hs) {
        List<Tc3Signer.Header> out = new ArrayList<>(hs.size());
        for (Tc3Signer.Header h : hs) out.add(new Tc3Signer.Header(h.name(), h.value().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** "host:port" → "host"; "[::1]:8080" → "[::1]"; a bare IPv6 literal or a host without port is unchanged. */
    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        if (colon < 0 || host.indexOf(':', colon + 1) >= 0) return host;
        return host.substring(0, colon);
    }
}
