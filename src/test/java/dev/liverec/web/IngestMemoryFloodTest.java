package dev.liverec.web;

import dev.liverec.rtmp.Ffmpeg;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, D1: 100 unauthenticated RTMP connections each leaving 15 partial 8 MiB messages with 1 MiB of payload
 * (15 MiB per peer, under the per-connection cap) must not take ingest down. The node's ingest memory budget (scaled
 * down to 64 MiB here) sheds them; while it does, {@code /readyz} says so and the shed counter moves; afterwards
 * direct memory is back near where it started and a real ffmpeg push records.
 */
@Tag("slow")
class IngestMemoryFloodTest {
    private static final Logger LOG = LoggerFactory.getLogger(IngestMemoryFloodTest.class);
    private static final String DOMAIN = "push.flood.test";
    private static final long BUDGET = 64L << 20;

    @TempDir Path dir;
    private NodeFixture node;
    private Process ffmpeg;

    @AfterEach
    void stop() {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (node != null) node.close();
    }

    private double metric(String name) throws Exception {
        return MetricsUnderPushTest.value(node.get("/metrics"), name).orElse(-1);
    }

    @Test
    void hundredPendingMessageFloodersAreShedAndMemoryReturns() throws Exception {
        node = new NodeFixture(dir, cfg -> {
            cfg.rtmp.ingestMemoryBytes = BUDGET;
            cfg.rtmp.shedMinIdleMillis = 200;
        });
        node.addDomain(DOMAIN);
        Path clip = Ffmpeg.clip("av-nobf", 30);
        System.gc();
        long before = PlatformDependent.usedDirectMemory();

        List<RtmpPendingMessageFlood> peers = new ArrayList<>();
        long peak = before;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<RtmpPendingMessageFlood>> started = new ArrayList<>();
            for (int i = 0; i < 100; i++) started.add(pool.submit(() -> RtmpPendingMessageFlood.attack(node.rtmpPort)));
            for (Future<RtmpPendingMessageFlood> f : started) {
                peers.add(f.get());
                peak = Math.max(peak, PlatformDependent.usedDirectMemory());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(metric("liverec_rtmp_shed_total")).isPositive();
        assertThat(metric("liverec_rtmp_pending_bytes")).isBetween(0.0, (double) BUDGET);
        String ready = node.get("/readyz");
        assertThat(ready).contains("\"status\":\"not ready\"").contains("\"rtmpMemory\":\"shedding");
        long during = PlatformDependent.usedDirectMemory();
        for (RtmpPendingMessageFlood p : peers) p.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("liverec_rtmp_pending_bytes") == 0);
        long after = PlatformDependent.usedDirectMemory();
        LOG.info("D1 figures: direct memory before {} MiB, peak {} MiB, at the end of the flood {} MiB, after {} MiB; "
                + "peers shed {}", before >> 20, peak >> 20, during >> 20, after >> 20, metric("liverec_rtmp_shed_total"));
        // a pooling allocator would keep the flood's memory: here it must be back near the start
        assertThat(after).isLessThan(before + (32L << 20));
        // the budget bounds what the flood could take (plus growth copies and socket buffers)
        assertThat(peak - before).isLessThan(2 * BUDGET);

        long now = System.currentTimeMillis() / 1000;
        node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "after",
                "EndTime", now + 600));
        ffmpeg = Ffmpeg.publish(clip, node.pushUrl(DOMAIN, "live", "after"), true);
        await().atMost(Duration.ofSeconds(20)).until(() -> metric("liverec_streams_live") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("liverec_record_bytes_written_total") > 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.get("/readyz").contains("\"status\":\"ready\""));
        assertThat(ffmpeg.isAlive()).isTrue();
    }
}
