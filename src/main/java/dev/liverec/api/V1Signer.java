package dev.liverec.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Legacy signature v1 (spec §1.6): every parameter but {@code Signature}, sorted by name, joined as raw
 * {@code k=v} with '&', prefixed by {@code METHOD host path ?}; HmacSHA256 when SignatureMethod says so, else
 * HmacSHA1; Base64.
 */
public final class V1Signer {
    private V1Signer() {}

    public static String stringToSign(String method, String host, String path, Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>(params);
        sorted.remove("Signature");
        StringBuilder sb = new StringBuilder(256).append(method).append(host).append(path).append('?');
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) sb.append('&');
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The JCA algorithm for a SignatureMethod parameter value: anything but HmacSHA256 means HmacSHA1. */
    public static String macAlgorithm(String signatureMethod) {
        return "HmacSHA256".equals(signatureMethod) ? "HmacSHA256" : "HmacSHA1";
    }

    public static byte[] mac(String secretKey, String signatureMethod, String stringToSign) {
        String alg = macAlgorithm(signatureMethod);
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), alg));
            return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String secretKey, String signatureMethod, String stringToSign) {
        return Base64.getEncoder().encodeToString(mac(secretKey, signatureMethod, stringToSign));
    }
}
