package dev.liverec.api;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a legacy v1 signature (spec §1.6). Retries the Host without port and the parameter set without
 * empty-valued parameters (the Go SDK leaves those out of the string to sign).
 */
public final class V1Verifier {
    public boolean verify(Map<String, String> params, String secretKey, String method, String host, String path) {
        byte[] provided;
        try {
            provided = Base64.getDecoder().decode(params.getOrDefault("Signature", ""));
        } catch (IllegalArgumentException e) {
            return false;
        }
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(host);
        hosts.add(Tc3Verifier.stripPort(host));
        Map<String, String> nonEmpty = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!v.isEmpty()) nonEmpty.put(k, v);
        });
        String method0 = params.get("SignatureMethod");
        for (String h : hosts) {
            for (Map<String, String> set : nonEmpty.size() == params.size() ? Set.of(params) : Set.of(params, nonEmpty)) {
                byte[] expected = V1Signer.mac(secretKey, method0, V1Signer.stringToSign(method, h, path, set));
                if (MessageDigest.isEqual(expected, provided)) return true;
            }
        }
        return false;
    }
}
