package dev.liverec.web.playback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signed, expiring playback URLs: {@code /vod/<fileId>/<exp>/<sig>/<entry>} with
 * {@code sig = base64url(HMAC-SHA256(secret, fileId + "/" + exp))}. The signature covers the file's directory, not
 * one entry, so the relative segment URIs inside an HLS playlist resolve to URLs that carry the same signature:
 * a player given only the playlist URL can fetch every segment. {@code ?exp=&sig=} on {@code /vod/<fileId>/<entry>}
 * is accepted too.
 */
public final class PlaybackUrls {
    private final byte[] secret;
    private final Clock clock;

    public PlaybackUrls(byte[] secret, Clock clock) {
        if (secret.length < 16) throw new IllegalArgumentException("playback secret too short");
        this.secret = secret.clone();
        this.clock = clock;
    }

    /** The configured secret, or the one in {@code DATA_DIR/playback.key}, generated (0600) on first use. */
    public static byte[] loadSecret(String configured, Path dataDir) throws IOException {
        if (configured != null && !configured.isBlank()) return configured.getBytes(StandardCharsets.UTF_8);
        Path file = dataDir.resolve("playback.key");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = dataDir.resolve("playback.key.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, HexFormat.of().formatHex(key), StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp); // another process won the race: use its key
            }
        }
        String hex = Files.readString(file).trim();
        return HexFormat.of().parseHex(hex);
    }

    /** Path (without host) of a URL valid for {@code ttlSeconds}. */
    public String path(String fileId, String entry, long ttlSeconds) {
        long exp = clock.instant().getEpochSecond() + ttlSeconds;
        return "/vod/" + fileId + "/" + exp + "/" + sign(fileId, exp) + "/" + entry;
    }

    public String sign(String fileId, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] h = mac.doFinal((fileId + "/" + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check of a signature and its expiry. */
    public boolean verify(String fileId, String expText, String sig) {
        if (expText == null || sig == null || !expText.matches("\\d{1,12}")) return false;
        long exp = Long.parseLong(expText);
        boolean ok = MessageDigest.isEqual(sign(fileId, exp).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
        return ok && exp >= clock.instant().getEpochSecond();
    }
}
