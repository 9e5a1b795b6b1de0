package dev.liverec.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * TC3-HMAC-SHA256 (Tencent Cloud API signature v3, spec §1.3), one step per method so the verifier, the CLI client
 * and the tests share every intermediate value.
 */
public final class Tc3Signer {
    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Tc3Signer() {}

    /** A header as it enters the canonical request: lowercase name, value as sent (trimmed). */
    public record Header(String name, String value) {}

    /** What a client needs to send, plus the intermediate strings (for tests and debugging). */
    public record Signed(String authorization, String signature, String canonicalRequest, String stringToSign,
                         String credentialScope) {}

    public static String utcDate(long timestamp) {
        return DATE.format(Instant.ofEpochSecond(timestamp));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha256(byte[] key, String msg) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(msg.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kSigning = HMAC(HMAC(HMAC("TC3" + key, date), service), "tc3_request"). */
    public static byte[] signingKey(String secretKey, String date, String service) {
        byte[] kDate = hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kService = hmacSha256(kDate, service);
        return hmacSha256(kService, "tc3_request");
    }

    /** Method, "/", query, canonical headers (each "name:value\n"), signed header names, payload hash; joined by LF. */
    public static String canonicalRequest(String method, String query, List<Header> headers, String hashedPayload) {
        StringBuilder sb = new StringBuilder(256).append(method).append("\n/\n").append(query == null ? "" : query).append('\n');
        StringBuilder names = new StringBuilder();
        for (Header h : headers) {
            sb.append(h.name()).append(':').append(h.value()).append('\n');
            if (names.length() > 0) names.append(';');
            names.append(h.name());
        }
        return sb.append('\n').append(names).append('\n').append(hashedPayload).toString();
    }

    public static String credentialScope(String date, String service) {
        return date + "/" + service + "/tc3_request";
    }

    public static String stringToSign(long timestamp, String credentialScope, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + credentialScope + "\n" + sha256Hex(canonicalRequest);
    }

    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmacSha256(signingKey, stringToSign));
    }

    /** Signs a request the way the SDKs do: headers content-type and host. */
    public static Signed sign(String secretId, String secretKey, String service, String method, String host,
                              String query, String contentType, byte[] payload, long timestamp) {
        List<Header> headers = List.of(new Header("content-type", contentType), new Header("host", host));
        return sign(secretId, secretKey, service, method, query, headers, sha256Hex(payload), timestamp);
    }

    public static Signed sign(String secretId, String secretKey, String service, String method, String query,
                              List<Header> headers, String hashedPayload, long timestamp) {
        String date = utcDate(timestamp);
        String canonical = canonicalRequest(method, query, headers, hashedPayload);
        String scope = credentialScope(date, service);
        String sts = stringToSign(timestamp, scope, canonical);
        String sig = signature(signingKey(secretKey, date, service), sts);
        String signedHeaders = String.join(";", headers.stream().map(Header::name).toList());
        String authorization = ALGORITHM + " Credential=" + secretId + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + sig;
        return new Signed(authorization, sig, canonical, sts, scope);
    }
}
