package dev.liverec.cli;

import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.RtmpPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code liverec bench publish}: N RTMP publishers from one JVM replaying an FLV file at real-time pace (plain
 * handshake, chunk size 4096, no transcoding, the file's tags shared in memory). Stream names are prefix + index.
 * Prints progress every 10 s and a one-line JSON summary; exit code 1 when a publisher failed to start.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish N streams over RTMP from one JVM, replaying an FLV file in real time.")
public final class BenchPublishCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "rtmp://host[:port]/app[?query]")
    String url;

    @Option(names = "--streams", defaultValue = "1", description = "number of publishers (default ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--source", required = true, description = "FLV file to replay (H.264/HEVC/AAC tags)")
    Path source;

    @Option(names = "--duration", defaultValue = "60", description = "seconds each stream publishes (default ${DEFAULT-VALUE}); the file loops")
    int durationSeconds;

    @Option(names = "--name-prefix", defaultValue = "s", description = "stream name prefix (default ${DEFAULT-VALUE})")
    String namePrefix;

    @Option(names = "--threads", defaultValue = "0", description = "event loop threads (default: CPU count)")
    int threads;

    @Option(names = "--ramp-ms", defaultValue = "10", description = "delay between connection starts (default ${DEFAULT-VALUE} ms)")
    int rampMs;

    @Override
    public Integer call() throws Exception {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger publishing = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<FlvReplay> replays = new ArrayList<>();
        List<RtmpPublisher> publishers = new ArrayList<>();
        long started = System.nanoTime();
        try (FlvFile file = FlvFile.read(source); ClientLoops loops = ClientLoops.create(t)) {
            for (int i = 0; i < streams; i++) {
                RtmpPublisher p = RtmpPublisher.connect(loops, url, namePrefix + i, List.of());
                publishers.add(p);
                FlvReplay r = new FlvReplay(file, p, TimeUnit.SECONDS.toMillis(durationSeconds), bytes);
                replays.add(r);
                int index = i;
                p.ready().whenComplete((ok, err) -> {
                    if (err != null) {
                        failed.incrementAndGet();
                        System.err.println("stream " + namePrefix + index + ": " + err.getMessage());
                    } else {
                        publishing.incrementAndGet();
                        r.start();
                    }
                });
                if (rampMs > 0) Thread.sleep(rampMs);
            }
            long lastBytes = 0;
            long lastReport = System.nanoTime();
            while (true) {
                boolean allDone = true;
                for (int i = 0; i < replays.size(); i++) {
                    boolean dead = publishers.get(i).ready().isCompletedExceptionally();
                    if (!dead && !replays.get(i).finished()) allDone = false;
                }
                if (allDone) break;
                Thread.sleep(200);
                if (System.nanoTime() - lastReport >= TimeUnit.SECONDS.toNanos(10)) {
                    long b = bytes.get();
                    double secs = (System.nanoTime() - lastReport) / 1e9;
                    System.err.printf(Locale.ROOT, "publishing=%d failed=%d rate=%.1f Mbit/s%n", publishing.get(),
                            failed.get(), (b - lastBytes) * 8 / secs / 1e6);
                    lastBytes = b;
                    lastReport = System.nanoTime();
                }
            }
            for (RtmpPublisher p : publishers) p.closed().get(5, TimeUnit.SECONDS);
        }
        long maxLag = replays.stream().mapToLong(FlvReplay::maxLagMs).max().orElse(0);
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "{\"streams\":%d,\"published\":%d,\"failed\":%d,\"bytes\":%d,\"seconds\":%.1f,"
                        + "\"avg_mbit_s\":%.2f,\"max_lag_ms\":%d}%n", streams, publishing.get(), failed.get(), bytes.get(),
                secs, bytes.get() * 8 / secs / 1e6, maxLag);
        return failed.get() == 0 ? 0 : 1;
    }
}
