package dev.liverec.record.output;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamerTest {
    private final FileNamer beijing = new FileNamer(FileNamer.DEFAULT_ZONE);
    private final Instant start = Instant.parse("2026-01-02T03:04:05.678Z");
    private final Instant end = Instant.parse("2026-01-02T04:05:06.789Z");

    @Test
    void defaultPatternUsesStreamAndBeijingTimes() {
        assertThat(beijing.name(null, "live1", start, end, null))
                .isEqualTo("live1_2026-01-02-11-04-05_2026-01-02-12-05-06");
        assertThat(beijing.name(" ", "live1", start, end, null)).startsWith("live1_2026-01-02-11-04-05");
    }

    @Test
    void everyPlaceholderExpands() {
        String n = new FileNamer(ZoneOffset.UTC).name(
                "{StreamID}-{StartYear}{StartMonth}{StartDay}{StartHour}{StartMinute}{StartSecond}{StartMillisecond}-"
                        + "{EndYear}{EndMonth}{EndDay}{EndHour}{EndMinute}{EndSecond}{EndMillisecond}", "s", start, end, null);
        assertThat(n).isEqualTo("s-20260102030405678-20260102040506789");
    }

    @Test
    void unknownPlaceholdersStayAndAreMadeSafe() {
        assertThat(beijing.name("{Foo}_{StreamID}", "x", start, end, null)).isEqualTo("_Foo__x");
    }

    @Test
    void clientPatternsNeverEscapeTheDirectory() {
        assertThat(beijing.name("../../etc/passwd", "x", start, end, null)).isEqualTo("_.._etc_passwd");
        assertThat(beijing.name("{StreamID}", "../..", start, end, null)).isEqualTo("_..");
        assertThat(beijing.name("..", "x", start, end, null)).isEqualTo("_");
        assertThat(beijing.name("a/b\\c\u0000d", "x", start, end, null)).isEqualTo("a_b_c_d");
        assertThat(beijing.name("x".repeat(500), "x", start, end, null)).hasSize(FileNamer.MAX_LENGTH);
        assertThat(FileNamer.safeComponent("")).isEqualTo("_");
        assertThat(FileNamer.safeComponent("名字")).isEqualTo("__");
    }

    @Test
    void uniquifierIsAppended() {
        assertThat(beijing.name("{StreamID}", "x", start, end, "-2")).isEqualTo("x-2");
    }
}
