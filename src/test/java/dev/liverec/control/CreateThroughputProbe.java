package dev.liverec.control;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opt-in probe, not a test (its name is outside surefire's default includes, and it only runs with
 * {@code -Dliverec.probe=true}): CreateRecordTask through the action, no HTTP, 16 threads, H2 and PostgreSQL.
 * {@code mvn -o -B test -Dtest=CreateThroughputProbe -Dliverec.probe=true}, figures in the test output file.
 */
@Tag("bench")
class CreateThroughputProbe {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRES})
    void probe(String kind) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("liverec.probe"), "-Dliverec.probe=true");
        try (ControlPlaneFixture f = new ControlPlaneFixture(kind, dir, 100)) {
            f.clock.set(java.time.Instant.now());
            f.config.maxRunningTasks = 1_000_000;
            long now = f.clock.instant().getEpochSecond();
            int n = 10000, threads = 16;
            long[] lat = new long[n];
            AtomicInteger next = new AtomicInteger();
            Thread[] ts = new Thread[threads];
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        long s = System.nanoTime();
                        f.call(ControlPlaneFixture.ALICE, "CreateRecordTask", "{\"StreamName\":\"b" + i
                                + "\",\"DomainName\":\"bench.example.com\",\"AppName\":\"live\",\"EndTime\":" + (now + 3600) + "}");
                        lat[i] = System.nanoTime() - s;
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            double secs = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(lat);
            System.out.printf("PROBE %s: %d creates in %.2fs = %.0f/s, p50 %.2f ms, p99 %.2f ms%n", kind, n, secs, n / secs,
                    lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6);
        }
    }
}
