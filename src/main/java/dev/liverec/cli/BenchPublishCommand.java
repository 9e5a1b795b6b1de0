package dev.liverec.cli;

import dev.liverec.rtmp.client.ChunkedMedia;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.PublishStage;
import dev.liverec.rtmp.client.ReplayCounters;
import dev.liverec.rtmp.client.ReplayPacer;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.rtmp.limits.RtmpLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code liverec bench publish}: N RTMP publishers from one JVM replaying an FLV file at real-time pace (plain
 * handshake, chunk size 4096, no transcoding). The file is chunked once ({@link ChunkedMedia}) and each connection
 * writes slices of it, paced by one timer per event loop ({@link ReplayPacer}), so the generator stays cheap beside
 * the server it loads. Stream names are prefix + index. Counters ({@link LoadSnapshot}: bytes the sockets took,
 * failures by kind) go to {@code --stats} every second and to stdout as the last line; exit code 1 when a publisher
 * failed (connect, handshake, refused or disconnected).
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

    @Option(names = "--threads", defaultValue = "0", description = "event loop threads (default: 2, or 1 on one CPU)")
    int threads;

    @Option(names = "--ramp-ms", defaultValue = "10", description = "delay between connection starts (default ${DEFAULT-VALUE} ms)")
    int rampMs;

    @Option(names = "--tick-ms", defaultValue = "" + ReplayPacer.DEFAULT_TICK_MS, description = "pacing tick: what is due goes out every tick (default ${DEFAULT-VALUE} ms)")
    int tickMs;

    @Option(names = "--stats", description = "file rewritten every second with the counters (one JSON object)")
    Path stats;

    private final Map<PublishStage, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        int t = threads > 0 ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
        for (PublishStage s : PublishStage.values()) failures.put(s, new AtomicInteger());
        ReplayCounters counters = new ReplayCounters();
        List<FlvReplay> replays = new ArrayList<>();
        List<RtmpPublisher> publishers = new ArrayList<>();
        try (FlvFile file = FlvFile.read(source); ClientLoops loops = ClientLoops.create(t);
             ChunkedMedia media = new ChunkedMedia(file, RtmpLimits.CLIENT_CHUNK_SIZE); ReplayPacer pacer = new ReplayPacer(tickMs)) {
            double nominal = media.wireBitsPerSecond() * streams;
            Progress progress = new Progress(nominal, counters, replays);
            long rampStart = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                RtmpPublisher p = RtmpPublisher.connect(loops, url, namePrefix + i, List.of());
                FlvReplay r = new FlvReplay(media, p, TimeUnit.SECONDS.toMillis(durationSeconds), counters);
                publishers.add(p);
                replays.add(r);
                int index = i;
                p.ready().whenComplete((ok, err) -> {
                    if (err != null) {
                        failures.get(p.stage()).incrementAndGet();
                        System.err.println("stream " + namePrefix + index + " (" + kind(p.stage()) + "): " + err.getMessage());
                    } else {
                        started.incrementAndGet();
                        pacer.start(r);
                    }
                });
                // start i is due at i * ramp from the first: a late main thread catches up instead of stretching the ramp
                long wait = rampStart + TimeUnit.MILLISECONDS.toNanos((long) (i + 1) * rampMs) - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                progress.maybeReport();
            }
            while (!allDone(publishers, replays)) {
                Thread.sleep(200);
                progress.maybeReport();
            }
            for (RtmpPublisher p : publishers) p.closed().get(5, TimeUnit.SECONDS);
            LoadSnapshot last = progress.snapshot();
            writeStats(last);
            System.out.println(last.toJson());
            return last.failureCount() == 0 ? 0 : 1;
        }
    }

    private static boolean allDone(List<RtmpPublisher> publishers, List<FlvReplay> replays) {
        for (int i = 0; i < replays.size(); i++) {
            boolean dead = publishers.get(i).ready().isCompletedExceptionally();
            if (!dead && !replays.get(i).finished()) return false;
        }
        return true;
    }

    /** A publisher failure by the stage it stopped in; a publishing connection lost is a disconnect. */
    static String kind(PublishStage stage) {
        return switch (stage) {
            case CONNECTING -> "connect";
            case HANDSHAKE -> "handshake";
            case COMMANDS -> "refused";
            case PUBLISHING -> "disconnected";
        };
    }

    private void writeStats(LoadSnapshot s) throws java.io.IOException {
        if (stats == null) return;
        Path tmp = stats.resolveSibling(stats.getFileName() + ".tmp");
        Files.writeString(tmp, s.toJson() + "\n");
        Files.move(tmp, stats, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The stats file every second, a progress line on stderr every 10 s; on the main thread only. */
    private final class Progress {
        final double nominal;
        final ReplayCounters counters;
        final List<FlvReplay> replays;
        long lastStats = System.nanoTime();
        long lastLine = System.nanoTime();
        long lastLineBytes;

        Progress(double nominal, ReplayCounters counters, List<FlvReplay> replays) {
            this.nominal = nominal;
            this.counters = counters;
            this.replays = replays;
        }

        LoadSnapshot snapshot() {
            Map<String, Integer> byKind = new java.util.TreeMap<>();
            failures.forEach((stage, n) -> byKind.put(kind(stage), n.get()));
            long lag = 0;
            int disconnected = 0;
            for (FlvReplay r : replays) {
                lag = Math.max(lag, r.maxLagMs());
                if (r.disconnected()) disconnected++;
            }
            byKind.merge("disconnected", disconnected, Integer::sum);
            return new LoadSnapshot(System.currentTimeMillis(), streams, nominal, started.get(), counters.queued(),
                    counters.written(), byKind, lag);
        }

        void maybeReport() throws java.io.IOException {
            long now = System.nanoTime();
            if (now - lastStats < TimeUnit.SECONDS.toNanos(1)) return;
            lastStats = now;
            LoadSnapshot s = snapshot();
            writeStats(s);
            if (now - lastLine >= TimeUnit.SECONDS.toNanos(10)) {
                double secs = (now - lastLine) / 1e9;
                System.err.printf(Locale.ROOT, "publishing=%d failed=%d delivered=%.1f of %.1f Mbit/s%n", s.started(),
                        s.failureCount(), (s.wireBytesWritten() - lastLineBytes) * 8 / secs / 1e6, nominal / 1e6);
                lastLineBytes = s.wireBytesWritten();
                lastLine = now;
            }
        }
    }
}
