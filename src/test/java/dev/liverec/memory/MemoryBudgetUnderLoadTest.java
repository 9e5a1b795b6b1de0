package dev.liverec.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.cli.ApiClient;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.FlvFile;
import dev.liverec.rtmp.client.FlvReplay;
import dev.liverec.rtmp.client.RtmpPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real server in a child JVM started with the limits the launcher derives from a 384 MB budget, fed more
 * streams than fit: the GOP caches of streams without tasks go first, then new publishers are refused with
 * NetStream.Publish.Rejected; no OutOfMemoryError, and every recording that was running is a clean file. The source
 * is a 5 Mbit/s stream with one keyframe per 16 s loop, so each GOP cache grows by ~0.6 MB/s; the thresholds are
 * set low (30 % / 50 % of a limit) so that a few streams reach them. The GOP caches keep their GOPs in memory here
 * ({@code rtmp.gopCacheInFiles: false}): in files they are not the term that grows.
 */
class MemoryBudgetUnderLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BUDGET = 384L << 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(150)
    void degradesInOrderWithoutLosingRecordings() throws Exception {
        Path source = source();
        Path data = dir.resolve("data");
        Files.writeString(dir.resolve("liverec.yaml"), """
                rtmp:
                  gopCacheInFiles: false
                memory:
                  dropGopCachesAt: 0.30
                  refusePublishersAt: 0.50
                  checkMillis: 200
                """);
        int http = freePort();
        int rtmp = freePort();
        JsonNode cred = JSON.readTree(lastLine(run(List.of("credential", "create", "--data-dir", data.toString(), "--json"))));
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("serve", "--config", dir.resolve("liverec.yaml").toString(), "--data-dir", data.toString(),
                "--http-port", Integer.toString(http), "--rtmp-port", Integer.toString(rtmp), "--memory-budget", "384m"));
        Path log = dir.resolve("server.log");
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<RtmpPublisher> publishers = new ArrayList<>();
        try (ClientLoops loops = ClientLoops.create(2); FlvFile file = FlvFile.read(source)) {
            URI base = URI.create("http://127.0.0.1:" + http);
            awaitUp(base, server, log);
            ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), base, cred.get("SecretId").asText(),
                    cred.get("SecretKey").asText(), null, null);
            call(api, "AddLiveDomain", "{\"DomainName\":\"mem.local\",\"DomainType\":0}");
            call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"mem.local\",\"Enable\":0}");
            long template = call(api, "CreateLiveRecordTemplate",
                    "{\"TemplateName\":\"memflv\",\"FlvParam\":{\"Enable\":1,\"RecordInterval\":3600}}").get("TemplateId").asLong();
            call(api, "CreateLiveRecordRule", "{\"DomainName\":\"mem.local\",\"AppName\":\"rec\",\"TemplateId\":" + template + "}");

            // two recorded streams first: they must come through intact whatever happens later
            int recorded = 0;
            for (; recorded < 2; recorded++) publish(loops, file, rtmp, "rec", "r" + recorded, publishers).get(20, TimeUnit.SECONDS);

            // streams without tasks until their GOP caches are dropped; nobody is refused yet
            int idle = 0;
            while (metric(base, "liverec_memory_gop_caches_dropped_total") == 0) {
                assertThat(idle).as("GOP caches dropped before 30 streams without tasks").isLessThan(30);
                publish(loops, file, rtmp, "live", "i" + idle++, publishers).get(20, TimeUnit.SECONDS);
                Thread.sleep(500);
            }
            assertThat(metric(base, "liverec_memory_publishes_refused_total")).isZero();

            // recorded streams (their GOP caches stay) until a publisher is refused
            String refusal = null;
            while (refusal == null) {
                assertThat(recorded).as("a publisher refused before 40 recorded streams").isLessThan(40);
                try {
                    publish(loops, file, rtmp, "rec", "r" + recorded, publishers).get(20, TimeUnit.SECONDS);
                    recorded++;
                    Thread.sleep(500);
                } catch (ExecutionException e) {
                    refusal = e.getCause().getMessage();
                }
            }
            assertThat(refusal).contains("NetStream.Publish.Rejected").contains("out of memory for new streams");
            assertThat(metric(base, "liverec_memory_publishes_refused_total")).isPositive();
            assertThat(readyz(base)).contains("REFUSING_PUBLISHERS"); // GOP caches refill between keyframes: it may ease soon after
            for (int i = 0; i < publishers.size(); i++) {
                assertThat(publishers.get(i).channel().isActive()).as("publisher %d still connected", i).isTrue();
            }
            Thread.sleep(2000);
            for (RtmpPublisher p : publishers) p.close();
            Thread.sleep(1500);
            assertThat(server.isAlive()).as("server alive").isTrue();
        } finally {
            server.destroy(); // SIGTERM: recordings finalize
            if (!server.waitFor(40, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
        }
        String out = Files.readString(log);
        assertThat(out).doesNotContain("OutOfMemoryError").contains("dropped the GOP caches of")
                .contains("REFUSING_PUBLISHERS");
        assertThat(out.indexOf("dropped the GOP caches of")).isLessThan(out.indexOf("REFUSING_PUBLISHERS"));
        List<Path> flvs;
        try (Stream<Path> s = Files.walk(data)) {
            flvs = s.filter(p -> p.toString().endsWith(".flv")).toList();
        }
        assertThat(flvs.size()).as("one FLV per recorded stream: %s", flvs).isGreaterThanOrEqualTo(3);
        for (Path f : flvs) {
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                    f.toString()).redirectErrorStream(true).start();
            String res = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(probe.waitFor()).as("ffprobe %s: %s", f, res).isZero();
            assertThat(Double.parseDouble(res)).as("duration of %s", f).isGreaterThan(1.0);
        }
    }

    private static java.util.concurrent.CompletableFuture<Void> publish(ClientLoops loops, FlvFile file, int port, String app,
                                                                    String name, List<RtmpPublisher> publishers) {
        RtmpPublisher p = RtmpPublisher.connect(loops, "rtmp://127.0.0.1:" + port + "/" + app + "?domain=mem.local", name, List.of());
        return p.ready().thenRun(() -> {
            publishers.add(p);
            FlvReplay.start(file, p, 120_000);
        });
    }

    /** 5 Mbit/s of noise, 16 s, one keyframe: a GOP cache that grows all along. Made once per build. */
    private static synchronized Path source() throws IOException, InterruptedException {
        Path f = Path.of("target", "test-media", "memory-5m-longgop.flv").toAbsolutePath();
        if (Files.exists(f)) return f;
        Files.createDirectories(f.getParent());
        Path tmp = f.resolveSibling(".memory.tmp.flv");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25,noise=alls=25:allf=t",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "16",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "1000", "-keyint_min", "1000", "-sc_threshold", "0",
                "-b:v", "5M", "-maxrate", "5M", "-bufsize", "2M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
                "-f", "flv", tmp.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        Files.move(tmp, f);
        return f;
    }

    /** java with the launcher's limits for the budget, on the test class path. */
    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(MemoryBudget.of(BUDGET).jvmOptions().split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.liverec.Main"));
        return cmd;
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static JsonNode call(ApiClient api, String action, String body) throws IOException, InterruptedException {
        JsonNode r = api.call(action, body.getBytes(StandardCharsets.UTF_8));
        if (r.has("Response")) r = r.get("Response");
        assertThat(r.has("Error")).as(action + ": " + r).isFalse();
        return r;
    }

    private static void awaitUp(URI base, Process server, Path log) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            assertThat(server.isAlive()).as("server exited: %s", Files.readString(log)).isTrue();
            try {
                c.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(300);
            }
        }
        throw new TimeoutException("server did not answer: " + Files.readString(log));
    }

    /** The readiness body as the node was refusing, or the last one seen within 5 s. */
    private static String readyz(URI base) throws IOException, InterruptedException {
        String body = "";
        for (int i = 0; i < 25 && !body.contains("REFUSING"); i++) {
            if (i > 0) Thread.sleep(200);
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        return body;
    }

    private static double metric(URI base, String name) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError("no metric " + name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
