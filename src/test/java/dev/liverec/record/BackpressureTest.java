package dev.liverec.record;

import dev.liverec.db.Database;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.SerialIo;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A recording whose disk stalls pauses reading from its publisher (the ingest side's autoRead switch) instead of
 * parking the stream's event loop, and reading resumes once the writes caught up.
 */
class BackpressureTest {
    private static final int FRAME_BYTES = 512 * 1024;

    /** File writes that wait until the disk is "unstalled". */
    private static final class StalledDisk implements Executor {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final CountDownLatch unstalled = new CountDownLatch(1);

        @Override
        public void execute(Runnable r) {
            pool.execute(() -> {
                try {
                    unstalled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                r.run();
            });
        }
    }

    private static MediaPacket frame(long dts, boolean key) {
        return new MediaPacket(Codec.H264, dts, dts, key, false, Unpooled.wrappedBuffer(new byte[FRAME_BYTES]));
    }

    /** Dispatches on the stream's loop, failing if the loop does not run it within 5 s (a stalled disk would block it for ever). */
    private static void push(EngineFixture fx, EngineFixture.Publisher pub, MediaPacket p) throws Exception {
        fx.loop.submit(() -> {
            try {
                pub.stream.dispatch(p);
            } finally {
                p.release();
            }
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSlowDiskPausesThePublisherWithoutBlockingTheLoopAndReadingResumes(@TempDir Path dir) throws Exception {
        StalledDisk disk = new StalledDisk();
        try (var fx = new EngineFixture(dir, EngineFixture.flvOnly(), Database.open(EngineFixture.memDb(), dir),
                new CollectingStore(dir), disk)) {
            fx.plan.templates.put(10L, EngineFixture.template(10, RecordFormat.FLV, 1800));
            StreamKey key = new StreamKey("push.example.com", "live", "slow");
            Instant now = fx.clock.instant();
            fx.plan.create(fx.task("t-slow", key, now.minusSeconds(5), now.plusSeconds(600), 10));
            var pub = fx.new Publisher(key);
            List<Boolean> paused = new CopyOnWriteArrayList<>();
            pub.stream.onReadPause(paused::add); // what the RTMP session applies to its channel's autoRead

            push(fx, pub, new MediaPacket(Codec.H264, 0, 0, true, true, Unpooled.wrappedBuffer(new byte[16])));
            push(fx, pub, frame(0, true)); // the recording opens its file on this keyframe
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.metrics.active(RecordFormat.FLV) >= 1);
            int n = (int) (SerialIo.HIGH_WATER / FRAME_BYTES) + 4; // past the high-water mark
            for (int i = 1; i < n; i++) push(fx, pub, frame(i * 40L, false)); // each dispatch returns at once

            await().atMost(Duration.ofSeconds(10)).until(() -> paused.contains(true));
            assertThat(fx.loop.submit(() -> pub.stream.readingPaused()).get(1, TimeUnit.SECONDS))
                    .as("the loop answers while the disk is stalled, and the publisher is held").isTrue();
            assertThat(fx.store.committed).isEmpty();

            disk.unstalled.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> paused.size() >= 2);
            assertThat(paused).containsExactly(true, false);
            assertThat(fx.loop.submit(() -> pub.stream.readingPaused()).get(1, TimeUnit.SECONDS)).isFalse();

            pub.end();
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.store.of("t-slow").size() == 1);
            FinishedRecording r = fx.store.of("t-slow").get(0);
            assertThat(Files.size(r.files().get(0))).isGreaterThan((long) (n - 1) * FRAME_BYTES); // nothing shed
        } finally {
            disk.unstalled.countDown();
            disk.pool.shutdownNow();
        }
    }
}
