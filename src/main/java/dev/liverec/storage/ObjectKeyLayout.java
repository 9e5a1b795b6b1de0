package dev.liverec.storage;

import dev.liverec.stream.StreamKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The object key layout {@code <appId>/<domain>/<app>/<stream>/<fileId>/<entry>}. Domain, app and stream come from
 * clients (push URLs), so each is escaped into a single safe path component: only {@code [A-Za-z0-9_.-]} survive,
 * everything else (and a leading dot) becomes {@code %XX}; over-long components are shortened with a hash. Entry
 * names (the files of one recording) must already be safe: they appear verbatim in playback URLs and playlists.
 */
public final class ObjectKeyLayout {
    private static final Pattern SAFE_ENTRY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");
    private static final Pattern FILE_ID = Pattern.compile("[a-z0-9]{8,64}");
    private static final int MAX_COMPONENT = 120;

    private ObjectKeyLayout() {}

    /** The directory (ending in '/') holding every entry of one file. */
    public static String prefix(long appId, StreamKey stream, String fileId) {
        if (!isFileId(fileId)) throw new IllegalArgumentException("bad file id");
        return appId + "/" + escape(stream.domain()) + "/" + escape(stream.app()) + "/" + escape(stream.name())
                + "/" + fileId + "/";
    }

    /** A stable id for the file {@code name} of recording {@code recordingId} (so a re-commit finds the same id). */
    public static String fileId(String recordingId, String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((recordingId + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
            return "f" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isFileId(String s) {
        return s != null && FILE_ID.matcher(s).matches();
    }

    public static boolean isSafeEntry(String s) {
        return s != null && SAFE_ENTRY.matcher(s).matches() && !s.contains("..");
    }

    /** Turns a recording name into a safe entry stem: unsafe characters become '_'. */
    public static String safeStem(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < 180; i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || (c == '.' && i > 0));
            sb.append(ok ? c : '_');
        }
        String s = sb.toString().replace("..", "__");
        return s.isEmpty() ? "_" : s;
    }

    /** One client-provided value as a single path component that cannot be "", "." or ".." nor contain '/'. */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) return "%00";
        StringBuilder sb = new StringBuilder();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || b == '-' || (b == '.' && i > 0);
            if (ok) sb.append((char) b);
            else sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
        }
        if (sb.length() > MAX_COMPONENT) {
            String hash = fileId(value, "").substring(1, 17);
            sb.setLength(MAX_COMPONENT - 17);
            while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '%') sb.setLength(sb.length() - 1);
            // never cut an escape sequence in half
            int pct = sb.lastIndexOf("%");
            if (pct >= 0 && pct > sb.length() - 3) sb.setLength(pct);
            sb.append('~').append(hash);
        }
        return sb.toString();
    }
}
