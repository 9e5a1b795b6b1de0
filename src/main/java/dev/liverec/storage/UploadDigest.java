package dev.liverec.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an uploaded object must look like before a file counts as stored: its size, and the ETag S3 gives those
 * bytes — their MD5, or for a multipart upload the MD5 of the parts' MD5s followed by {@code -<parts>} (some
 * S3-compatible servers give the whole object's MD5 there too, so both are accepted). Each
 * request also carries {@code Content-MD5}, so the server itself refuses a body that arrived damaged; the HEAD
 * compare afterwards catches a server that stored something else (e.g. the upload framing inside the object).
 */
final class UploadDigest {
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}(-[0-9]+)?");

    private final MessageDigest ofParts = md5();
    private final MessageDigest whole = md5();
    private int parts;

    /** Adds the next part of a multipart upload; returns its MD5. */
    byte[] addPart(byte[] bytes, int length) {
        whole.update(bytes, 0, length);
        byte[] md5 = md5(bytes, length);
        ofParts.update(md5);
        parts++;
        return md5;
    }

    /** The ETags a server may give the multipart upload of the parts added so far. */
    List<String> multipartEtags() {
        return List.of(hex(ofParts.digest()) + "-" + parts, hex(whole.digest()));
    }

    static byte[] md5(byte[] bytes, int length) {
        MessageDigest d = md5();
        d.update(bytes, 0, length);
        return d.digest();
    }

    static byte[] md5(Path file) throws IOException {
        MessageDigest d = md5();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return d.digest();
    }

    static String base64(byte[] md5) {
        return Base64.getEncoder().encodeToString(md5);
    }

    static String hex(byte[] md5) {
        return HexFormat.of().formatHex(md5);
    }

    /**
     * Checks a HEAD answer against the upload; an ETag that is not MD5-shaped (some S3-compatible servers make
     * their own) leaves the size as the only check.
     */
    static void verify(String key, long size, List<String> expectedEtags, long headSize, String headEtag)
            throws IOException {
        if (headSize != size) {
            throw new IOException("upload of " + key + " not verified: the store holds " + headSize + " bytes, not "
                    + size);
        }
        String etag = headEtag == null ? "" : headEtag.replace("\"", "").toLowerCase(Locale.ROOT);
        if (MD5_ETAG.matcher(etag).matches() && !expectedEtags.contains(etag)) {
            throw new IOException("upload of " + key + " not verified: ETag " + etag + ", expected " + expectedEtags);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
