package dev.liverec.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The Beijing-time (UTC+8) strings that rule and domain listings answer with. */
public final class BeijingTime {
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BEIJING);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(BEIJING);

    private BeijingTime() {}

    /** {@code 2018-09-12 15:52:01} (record rules, domains). */
    public static String plain(Instant t) {
        return PLAIN.format(t);
    }

    /** {@code 2022-05-16T10:59:38+08:00} (callback rules). */
    public static String iso(Instant t) {
        return ISO.format(t);
    }
}
