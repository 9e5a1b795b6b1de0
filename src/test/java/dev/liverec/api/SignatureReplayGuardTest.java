package dev.liverec.api;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-node memory of TC3 signatures: binding, expiry, bound size, what signed headers free. */
class SignatureReplayGuardTest {
    private static final String SRC = "198.51.100.7";
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test
    void aSignatureIsBoundToItsFirstRequestUntilTwiceTheSkew() {
        SignatureReplayGuard g = new SignatureReplayGuard(clock, Duration.ofSeconds(300), 10, Duration.ZERO);
        assertThat(g.admit("sig", "StopRecordTask 2018-08-01 ap-guangzhou", SRC)).isTrue();
        assertThat(g.admit("sig", "DeleteRecordTask 2018-08-01 ap-guangzhou", SRC)).isTrue(); // nothing served yet
        g.remember("sig", "StopRecordTask 2018-08-01 ap-guangzhou", SRC);
        assertThat(g.admit("sig", "StopRecordTask 2018-08-01 ap-guangzhou", SRC)).isTrue();
        assertThat(g.admit("sig", "DeleteRecordTask 2018-08-01 ap-guangzhou", SRC)).isFalse();
        assertThat(g.admit("sig", "read 2018-08-01 ap-guangzhou", SRC)).isTrue(); // a read after a write: only reads
        now = now.plusSeconds(601); // the signature itself expired long ago; its entry goes
        assertThat(g.admit("sig", "DeleteRecordTask 2018-08-01 ap-guangzhou", SRC)).isTrue();
    }

    @Test
    void anotherWriteWithinTheGraceIsServedLaterItIsRefused() {
        // an SDK's StopRecordTask then DeleteRecordTask in one second share one signature (same body and timestamp)
        SignatureReplayGuard g = new SignatureReplayGuard(clock, Duration.ofSeconds(300), 10, Duration.ofSeconds(2));
        g.remember("sig", "StopRecordTask 2018-08-01 ap-guangzhou", SRC);
        now = now.plusMillis(400);
        assertThat(g.admit("sig", "DeleteRecordTask 2018-08-01 ap-guangzhou", SRC)).isTrue();
        assertThat(g.admit("sig", "DeleteRecordTask 2018-08-01 ap-guangzhou", "203.0.113.9"))
                .as("within the grace but from another address: a replay").isFalse();
        assertThat(g.admit("sig", "StopRecordTask 2018-08-01 ap-guangzhou", "203.0.113.9"))
                .as("the same request from anywhere: a retry").isTrue();
        now = now.plusMillis(1700); // 2.1 s after the first use: a replay of a captured request
        assertThat(g.admit("sig", "DeleteRecordTask 2018-08-01 ap-guangzhou", SRC)).isFalse();
        assertThat(g.admit("sig", "StopRecordTask 2018-08-01 ap-guangzhou", SRC)).isTrue(); // a retry of the same request
    }

    @Test
    void theOldestEntryIsDroppedAtTheBound() {
        SignatureReplayGuard g = new SignatureReplayGuard(clock, Duration.ofSeconds(300), 2, Duration.ZERO);
        g.remember("a", "x", SRC);
        g.remember("b", "x", SRC);
        g.remember("c", "x", SRC);
        assertThat(g.admit("a", "y", SRC)).isTrue(); // forgotten
        assertThat(g.admit("c", "y", SRC)).isFalse();
    }

    @Test
    void readsShareABindingAndSignedPartsAreNotBound() {
        Tc3Authorization sdk = new Tc3Authorization("id", "2026-01-01", "live", List.of("content-type", "host"), "0".repeat(64));
        assertThat(SignatureReplayGuard.boundRequest(sdk, "DescribeLiveDomains", "v", "r"))
                .isEqualTo(SignatureReplayGuard.boundRequest(sdk, "DescribeRecordTask", "v", "r"))
                .isNotEqualTo(SignatureReplayGuard.boundRequest(sdk, "DeleteRecordTask", "v", "r"));
        Tc3Authorization signsAction = new Tc3Authorization("id", "2026-01-01", "live",
                List.of("content-type", "host", "x-tc-action"), "0".repeat(64));
        assertThat(SignatureReplayGuard.boundRequest(signsAction, "StopRecordTask", "v", "r"))
                .isEqualTo(SignatureReplayGuard.boundRequest(signsAction, "DeleteRecordTask", "v", "r"));
    }
}
