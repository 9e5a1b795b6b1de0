package dev.liverec.api;

import dev.liverec.config.ApiConfig;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.ResolvedCredential;

import java.time.Clock;
import java.util.Map;

/**
 * Authenticates an API request: TC3-HMAC-SHA256 (Authorization header) or the v1 signature (parameters), the
 * credential lookup, the token rule and the clock skew. Each failure is the Tencent AuthFailure.* error.
 */
final class ApiAuthenticator {
    private final ApiConfig config;
    private final Clock clock;
    private final AccountDirectory accounts;
    private final Tc3Verifier tc3 = new Tc3Verifier();
    private final V1Verifier v1 = new V1Verifier();

    ApiAuthenticator(ApiConfig config, Clock clock, AccountDirectory accounts) {
        this.config = config;
        this.clock = clock;
        this.accounts = accounts;
    }

    ResolvedCredential tc3(ApiRequest req, String authorization, String lang) {
        Tc3Authorization auth;
        try {
            auth = Tc3Authorization.parse(authorization);
        } catch (ApiException e) {
            throw ApiMessages.error(ErrorCodes.AUTH_INVALID_AUTHORIZATION, lang, e.getMessage());
        }
        rejectToken(req.header().apply("X-TC-Token"), lang);
        String tsText = req.header().apply("X-TC-Timestamp");
        if (tsText == null || tsText.isBlank()) throw ApiMessages.error(ErrorCodes.MISSING_PARAMETER, lang, "X-TC-Timestamp");
        long ts = parseTimestamp(tsText, "X-TC-Timestamp", lang);
        ResolvedCredential cred = lookup(auth.secretId(), lang);
        if (!auth.date().equals(Tc3Signer.utcDate(ts))) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang,
                    "the credential date must be the UTC date of X-TC-Timestamp, " + Tc3Signer.utcDate(ts));
        }
        String query = req.method().equals("GET") ? nullToEmpty(req.rawQuery()) : "";
        if (!tc3.verify(auth, cred.secretKey(), req.method(), query, req.header(), req.body(), ts)) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang, "signature mismatch");
        }
        checkSkew(ts, lang);
        return cred;
    }

    ResolvedCredential v1(ApiRequest req, Map<String, String> flat, String lang) {
        for (String required : new String[] {"SecretId", "Signature", "Timestamp", "Nonce"}) {
            String v = flat.get(required);
            if (v == null || v.isEmpty()) throw ApiMessages.error(ErrorCodes.MISSING_PARAMETER, lang, required);
        }
        rejectToken(flat.get("Token"), lang);
        long ts = parseTimestamp(flat.get("Timestamp"), "Timestamp", lang);
        ResolvedCredential cred = lookup(flat.get("SecretId"), lang);
        if (!v1.verify(flat, cred.secretKey(), req.method(), req.host(), "/")) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_FAILURE, lang, "signature mismatch");
        }
        checkSkew(ts, lang);
        return cred;
    }

    private ResolvedCredential lookup(String secretId, String lang) {
        ResolvedCredential cred = accounts.resolve(secretId).orElse(null);
        if (cred == null || !cred.enabled()) throw ApiMessages.error(ErrorCodes.AUTH_SECRET_ID_NOT_FOUND, lang);
        return cred;
    }

    private void rejectToken(String token, String lang) {
        if (token != null && !token.isEmpty() && !config.allowToken) {
            throw ApiMessages.error(ErrorCodes.AUTH_TOKEN_FAILURE, lang);
        }
    }

    private static long parseTimestamp(String text, String name, String lang) {
        String t = text.trim();
        if (!t.matches("\\d{1,12}")) {
            throw ApiMessages.error(ErrorCodes.INVALID_PARAMETER, lang, name, "expected Unix seconds");
        }
        return Long.parseLong(t);
    }

    private void checkSkew(long ts, String lang) {
        long now = clock.millis() / 1000;
        if (Math.abs(now - ts) > config.maxSkewSeconds) {
            throw ApiMessages.error(ErrorCodes.AUTH_SIGNATURE_EXPIRE, lang, config.maxSkewSeconds);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
