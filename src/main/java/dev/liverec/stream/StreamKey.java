package dev.liverec.stream;

import java.util.Locale;

/** Identity of a live stream: push domain, AppName, StreamName (as in Tencent's API). Domain is lower-cased. */
public record StreamKey(String domain, String app, String name) {
    public StreamKey {
        domain = domain.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return domain + "/" + app + "/" + name;
    }
}
