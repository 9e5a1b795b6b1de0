package dev.liverec.rtmp.server;

import dev.liverec.rtmp.limits.RtmpLimits;
import dev.liverec.stream.StreamKey;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Where a publish goes: the domain (tcUrl host without port, overridden by a {@code domain} or {@code vhost} query
 * parameter on the app or the stream name), the app (without its query) and the stream name (without its query),
 * and the raw query string that push auth and callbacks use.
 */
record PublishRequest(StreamKey key, String queryString, Map<String, String> query) {
    /** @throws IllegalArgumentException with a reason when the names are unusable */
    static PublishRequest parse(String tcUrl, String connectApp, String publishName) {
        if (publishName == null || publishName.isEmpty()) throw new IllegalArgumentException("empty stream name");
        String app = connectApp == null ? "" : connectApp;
        String appQuery = "";
        int q = app.indexOf('?');
        if (q >= 0) {
            appQuery = app.substring(q + 1);
            app = app.substring(0, q);
        }
        String name = publishName;
        String nameQuery = "";
        q = name.indexOf('?');
        if (q >= 0) {
            nameQuery = name.substring(q + 1);
            name = name.substring(0, q);
        }
        String rawQuery = nameQuery.isEmpty() ? appQuery : appQuery.isEmpty() ? nameQuery : appQuery + "&" + nameQuery;
        Map<String, String> query = parseQuery(rawQuery);
        String domain = query.getOrDefault("domain", query.get("vhost"));
        if (domain == null || domain.isBlank()) domain = hostOf(tcUrl);
        check("stream name", name);
        check("app", app);
        if (domain == null || domain.isEmpty() || !domain.matches("[A-Za-z0-9.\\-_\\[\\]:]+")) {
            throw new IllegalArgumentException("no usable domain in tcUrl " + tcUrl);
        }
        return new PublishRequest(new StreamKey(domain.toLowerCase(Locale.ROOT), app, name), rawQuery, query);
    }

    private static void check(String what, String v) {
        if (v.isEmpty() || v.length() > RtmpLimits.MAX_NAME_LENGTH) throw new IllegalArgumentException("bad " + what + " length");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') throw new IllegalArgumentException("bad character in " + what);
        }
        if (v.equals(".") || v.equals("..")) throw new IllegalArgumentException("bad " + what);
    }

    static String hostOf(String tcUrl) {
        if (tcUrl == null) return null;
        try {
            URI u = URI.create(tcUrl.replace(" ", "%20"));
            String h = u.getHost();
            if (h != null) return h;
        } catch (IllegalArgumentException ignored) {
            // fall through to the manual parse
        }
        String s = tcUrl;
        int scheme = s.indexOf("://");
        if (scheme >= 0) s = s.substring(scheme + 3);
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        int at = s.lastIndexOf('@');
        if (at >= 0) s = s.substring(at + 1);
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end > 0 ? s.substring(1, end) : null;
        }
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }

    static Map<String, String> parseQuery(String raw) {
        return dev.liverec.stream.QueryString.parse(raw);
    }
}
