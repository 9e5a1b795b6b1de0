package dev.liverec.rtmp.client;

import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.PacketRecorder;
import dev.liverec.rtmp.limits.RtmpLimits;
import dev.liverec.rtmp.server.RtmpFixture;
import dev.liverec.stream.PublishAuthorizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's client publishes several streams at real-time pace; the server gets every packet in order. */
class FlvReplayTest {
    @Test
    void replaysAFileOverSeveralConnectionsAtRealTimePace() throws Exception {
        LeakWatch leaks = LeakWatch.install();
        Path clip = Ffmpeg.clip("av-nobf", 6);
        List<Ffmpeg.Packet> expected = Ffmpeg.probePackets(clip);
        PacketRecorder recorder = new PacketRecorder();
        try (RtmpFixture rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
             ClientLoops loops = ClientLoops.create(1);
             FlvFile file = FlvFile.read(clip);
             ChunkedMedia media = new ChunkedMedia(file, RtmpLimits.CLIENT_CHUNK_SIZE);
             ReplayPacer pacer = new ReplayPacer(40)) {
            rtmp.hub.addListener(recorder);
            ReplayCounters bytes = new ReplayCounters();
            List<RtmpPublisher> pubs = new ArrayList<>();
            List<FlvReplay> replays = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RtmpPublisher p = RtmpPublisher.connect(loops, rtmp.url("live"), "bench" + i, List.of());
                p.ready().get(5, TimeUnit.SECONDS);
                FlvReplay r = new FlvReplay(media, p, 2_000, bytes);
                pacer.start(r);
                pubs.add(p);
                replays.add(r);
            }
            long t0 = System.nanoTime();
            for (RtmpPublisher p : pubs) p.closed().get(10, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tookMs).as("real-time pace, not as fast as possible").isBetween(1_500L, 4_000L);
            for (int i = 0; i < 3; i++) {
                String name = "bench" + i;
                List<String> got = recorder.packets.stream().filter(s -> s.stream().equals(name) && !s.header())
                        .map(s -> s.dts() + "/" + s.size() + "/" + s.key()).toList();
                // everything due well inside the 2 s, nothing due after them, nothing that is not in the file
                List<String> early = expected.stream().filter(pk -> pk.dts() < 1_800)
                        .map(pk -> pk.dts() + "/" + pk.size() + "/" + pk.key()).toList();
                List<String> due = expected.stream().filter(pk -> pk.dts() < 2_000)
                        .map(pk -> pk.dts() + "/" + pk.size() + "/" + pk.key()).toList();
                assertThat(got).containsAll(early);
                assertThat(due).containsAll(got);
                assertThat(got).doesNotHaveDuplicates();
            }
            assertThat(bytes.written()).isPositive().isEqualTo(bytes.queued());
        }
        leaks.assertNoLeaks();
    }
}
