package dev.liverec.rtmp.server;

import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.PublishAuthorizer;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A reader that falls behind pauses reading from the publisher's connection (autoRead), and resumes it. */
class PublisherPauseTest {
    private static final int FRAMES = 50;
    private final LeakWatch leaks = LeakWatch.install();
    private final ClientLoops loops = ClientLoops.create(1);
    private RtmpFixture rtmp;

    @AfterEach
    void stop() throws Exception {
        loops.close();
        if (rtmp != null) rtmp.close();
        leaks.assertNoLeaks();
    }

    @Test
    void aReaderHoldingThePublisherStopsTheReadsUntilItResumes() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
        RtmpPublisher p = RtmpPublisher.connect(loops, rtmp.url("live"), "held", List.of());
        p.ready().get(5, TimeUnit.SECONDS);
        LiveStream stream = rtmp.hub.online().get(0);
        Object reader = new Object();
        stream.pauseReading(reader);
        stream.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS); // applied to the channel

        p.send(8, 0, Unpooled.wrappedBuffer(new byte[]{(byte) 0xAF, 0, 0x12, 0x10}), false); // AAC config
        for (int i = 1; i <= FRAMES; i++) {
            byte[] frame = new byte[1024];
            frame[0] = (byte) 0xAF;
            frame[1] = 1;
            p.send(8, i * 23L, Unpooled.wrappedBuffer(frame), i == FRAMES);
        }
        Thread.sleep(500);
        assertThat(stream.packetsIn()).as("nothing read while held").isZero();

        stream.resumeReading(reader);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.packetsIn() == FRAMES + 1);
        p.close().sync();
    }
}
