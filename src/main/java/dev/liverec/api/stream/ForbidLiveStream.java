package dev.liverec.api.stream;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.stream.StreamCommand;
import dev.liverec.stream.StreamKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Bans a stream until ResumeTime (UTC ISO 8601; default 7 days, at most 90 days ahead), with an optional Reason of
 * up to 2048 bytes. Persisted, so every node refuses later publishes; a live publisher is disconnected on whichever
 * node it is (at once here, within a command poll period elsewhere).
 */
final class ForbidLiveStream implements ApiAction {
    static final Duration DEFAULT_BAN = Duration.ofDays(7);
    static final Duration MAX_BAN = Duration.ofDays(90);
    private final StreamActions s;

    ForbidLiveStream(StreamActions s) { this.s = s; }

    @Override public String name() { return "ForbidLiveStream"; }

    @Override
    public Object handle(ApiCall call) {
        StreamKey key = s.requiredKey(call);
        Instant now = s.clock.instant();
        Instant resume = call.p().string("ResumeTime").filter(v -> !v.isBlank()).map(v -> parse(v.trim()))
                .orElse(now.plus(DEFAULT_BAN));
        if (!resume.isAfter(now)) throw ApiException.invalidValue("ResumeTime", "must be in the future");
        if (resume.isAfter(now.plus(MAX_BAN))) throw ApiException.invalidValue("ResumeTime", "at most 90 days ahead");
        String reason = call.p().string("Reason").orElse("");
        if (reason.getBytes(StandardCharsets.UTF_8).length > 2048) {
            throw ApiException.invalidValue("Reason", "longer than 2048 bytes");
        }
        s.forbidden.forbid(key, call.account().id(), resume, reason, now);
        s.disconnectEverywhere(StreamCommand.Kind.FORBID, key, call);
        return Map.of();
    }

    private static Instant parse(String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalidValue("ResumeTime", "expected UTC ISO 8601 such as 2018-11-29T19:00:00Z");
        }
    }
}
