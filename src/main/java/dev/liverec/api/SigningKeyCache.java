package dev.liverec.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kSigning per (secret key, date, service): three HMACs saved per request. The key changes once a day per client, so
 * a small map suffices; it is simply cleared when it grows past its bound.
 */
final class SigningKeyCache {
    private static final int MAX = 4096;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    byte[] get(String secretKey, String date, String service) {
        String k = secretKey + '\u0000' + date + '\u0000' + service;
        byte[] v = keys.get(k);
        if (v == null) {
            v = Tc3Signer.signingKey(secretKey, date, service);
            if (keys.size() >= MAX) keys.clear();
            keys.put(k, v);
        }
        return v;
    }
}
