package dev.liverec.api.history;

import dev.liverec.api.ApiException;
import dev.liverec.api.Params;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A query time as the history actions take it: {@code 2019-01-07T12:00:00Z} (UTC) or {@code 2019-01-07 20:00:00}
 * (Beijing time). Answers use the style of the request's StartTime. Malformed or out-of-window times are
 * InvalidParameter.
 */
record QueryTime(Instant at, boolean utc) {
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static QueryTime required(Params p, String name) {
        String s = p.requiredString(name).trim();
        try {
            if (s.endsWith("Z")) return new QueryTime(Instant.from(UTC.parse(s)), true);
            return new QueryTime(LocalDateTime.parse(s, PLAIN).toInstant(BEIJING), false);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "expected YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DD hh:mm:ss");
        }
    }

    String format(Instant t) {
        return utc ? UTC.format(t) : PLAIN.format(t.atOffset(BEIJING));
    }

    static String utc(Instant t) {
        return UTC.format(t);
    }

    /**
     * Checks start ≤ end, end - start ≤ {@code maxSpan} and start no older than {@code maxAge} before now: the
     * window every history query has.
     */
    static void window(QueryTime start, QueryTime end, Duration maxSpan, Duration maxAge, Instant now) {
        if (end.at().isBefore(start.at())) throw ApiException.invalid("EndTime", "before StartTime");
        if (Duration.between(start.at(), end.at()).compareTo(maxSpan) > 0) {
            throw ApiException.invalid("EndTime", "at most " + describe(maxSpan) + " after StartTime");
        }
        if (start.at().isBefore(now.minus(maxAge))) {
            throw ApiException.invalid("StartTime", "at most " + describe(maxAge) + " ago");
        }
    }

    private static String describe(Duration d) {
        return d.toDays() >= 1 ? d.toDays() + " days" : d.toHours() + " hours";
    }
}
