package dev.liverec.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Tencent's callback signature (spec §5.3): {@code sign = md5(CallbackKey + t)} in lowercase hex; t an expiry time. */
public final class CallbackSigner {
    private CallbackSigner() {}

    /** A missing key signs with the empty key (the cloud's behaviour there is unconfirmed). */
    public static String sign(String callbackKey, long t) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5")
                    .digest(((callbackKey == null ? "" : callbackKey) + t).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
