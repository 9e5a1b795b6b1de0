package dev.liverec.rtmp.server;

import dev.liverec.stream.StreamKey;
import dev.liverec.stream.StreamNames;

import java.net.URI;
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
        String usable = StreamNames.domain(domain).orElseThrow(() -> new IllegalArgumentException(
                "no usable domain (a host name of at most " + StreamNames.MAX_DOMAIN + " characters)"));
        return new PublishRequest(new StreamKey(usable, app, name), rawQuery, query);
    }

    /** The API's rules ({@link StreamNames}), so that a name the database or the API would refuse never goes live. */
    private static void check(String what, String v) {
        if (!StreamNames.part(v)) throw new IllegalArgumentException("bad " + what + ": " + StreamNames.PART_RULE);
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
