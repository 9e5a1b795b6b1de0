package dev.liverec.api;

import java.util.List;
import java.util.regex.Pattern;

/** A parsed {@code Authorization: TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} header. */
public record Tc3Authorization(String secretId, String date, String service, List<String> signedHeaders,
                               String signature) {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public String credentialScope() {
        return Tc3Signer.credentialScope(date, service);
    }

    /** Parses the header; throws {@code AuthFailure.InvalidAuthorization} (with the reason) when it has another shape. */
    public static Tc3Authorization parse(String header) {
        String h = header.trim();
        String prefix = Tc3Signer.ALGORITHM + " ";
        if (!h.startsWith(prefix)) throw malformed("the algorithm must be " + Tc3Signer.ALGORITHM);
        String credential = null, signedHeaders = null, signature = null;
        for (String part : h.substring(prefix.length()).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) throw malformed("expected Credential=, SignedHeaders= and Signature=");
            String key = p.substring(0, eq), value = p.substring(eq + 1);
            switch (key) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> throw malformed("unexpected field " + key);
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw malformed("expected Credential=, SignedHeaders= and Signature=");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 4 || scope[0].isEmpty() || !DATE.matcher(scope[1]).matches()
                || !SERVICE.matcher(scope[2]).matches() || !scope[3].equals("tc3_request")) {
            throw malformed("Credential must be SecretId/yyyy-MM-dd/service/tc3_request");
        }
        List<String> names = List.of(signedHeaders.split(";", -1));
        for (String n : names) {
            if (!HEADER_NAME.matcher(n).matches()) throw malformed("SignedHeaders must be lowercase header names joined by ';'");
        }
        if (!HEX64.matcher(signature).matches()) throw malformed("Signature must be 64 lowercase hex digits");
        return new Tc3Authorization(scope[0], scope[1], scope[2], names, signature);
    }

    private static ApiException malformed(String why) {
        return new ApiException(ErrorCodes.AUTH_INVALID_AUTHORIZATION, why);
    }
}
