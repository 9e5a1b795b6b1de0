package dev.liverec.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The honest-bench rule: a window counts only at ≥ 95 % of the nominal load and with no publisher failure. */
class RunValidityTest {
    private static final double NOMINAL = 1_000 * 2.2e6; // 1000 streams of 2.2 Mbit/s

    private static LoadSnapshot at(long ms, long writtenBytes, Map<String, Integer> failures) {
        return new LoadSnapshot(ms, 1000, NOMINAL, 1000, writtenBytes, writtenBytes, failures, 40);
    }

    private static RunValidity window(double share, Map<String, Integer> failures) {
        long bytesIn10s = (long) (NOMINAL * share * 10 / 8);
        return RunValidity.between(at(5_000, 123_456, Map.of()), at(15_000, 123_456 + bytesIn10s, failures));
    }

    @Test
    void fullLoadWithoutFailuresIsValid() {
        RunValidity v = window(1.0, Map.of("connect", 0, "disconnected", 0));
        assertThat(v.valid()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.deliveredBitsPerSecond()).isCloseTo(NOMINAL, org.assertj.core.data.Offset.offset(1e3));
        assertThat(v.deliveredShare()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void ninetyFivePercentIsTheEdge() {
        assertThat(window(0.9501, Map.of()).valid()).isTrue();
        RunValidity under = window(0.94, Map.of());
        assertThat(under.valid()).isFalse();
        assertThat(under.reasons()).singleElement().asString().contains("94.0% of nominal").contains("2200 Mbit/s");
    }

    @Test
    void anyPublisherFailureInvalidatesAFullyDeliveredRun() {
        RunValidity v = window(1.0, Map.of("connect", 114, "refused", 0, "disconnected", 1));
        assertThat(v.valid()).isFalse();
        assertThat(v.failures()).isEqualTo(115);
        assertThat(v.reasons()).singleElement().asString().isEqualTo("115 publisher failures (connect 114, disconnected 1)");
    }

    @Test
    void bothReasonsAreGivenAndAnEmptyWindowIsInvalid() {
        assertThat(window(0.41, Map.of("handshake", 3)).reasons()).hasSize(2);
        RunValidity empty = RunValidity.between(at(5_000, 10, Map.of()), at(5_000, 10, Map.of()));
        assertThat(empty.valid()).isFalse();
        assertThat(empty.reasons()).contains("empty window");
    }

    @Test
    void snapshotsSurviveTheirJson() throws Exception {
        LoadSnapshot s = new LoadSnapshot(1_700_000_000_000L, 300, 6.5e8, 299, 1_000, 900, Map.of("connect", 1, "refused", 0), 85);
        LoadSnapshot back = LoadSnapshot.parse(s.toJson().toString());
        assertThat(back).isEqualTo(s);
        assertThat(back.failureCount()).isEqualTo(1);
    }
}
