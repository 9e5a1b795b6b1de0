package dev.liverec.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.app.ApiModule;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.DbConfig;
import dev.liverec.config.LiverecConfig;
import dev.liverec.config.StorageConfig;
import dev.liverec.control.TestDatabases;
import dev.liverec.control.account.AccountStore;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.storage.S3ProxyServer;
import dev.liverec.storage.S3Store;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: three nodes on one PostgreSQL and one S3 server (S3Proxy). Node A, a child JVM, records a task (FLV, HLS,
 * MP4, AAC) of a stream ffmpeg pushes to it, and is killed with SIGKILL; ffmpeg pushes again to node B, which
 * continues the task. A's partial recording, uploaded while it was written, is finalized by one survivor within
 * lease + 10 s: playable, announced once, {@code recovered}; task states are right on B and C; when A comes back
 * with the same node name nothing is recorded or announced twice. Prints the time from the kill to the takeover and
 * the media lost per format. Node A's output: {@code target/NodeDeathTakeoverTest-node-a.log}.
 */
class NodeDeathTakeoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "takeover.test";
    private static final String STREAM = "cam";
    private static final long LEASE_MS = 3000;
    private static final long MARGIN_MS = 1000;
    private static final List<String> FORMATS = List.of("flv", "hls", "mp4", "aac");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicInteger bodyVariant = new AtomicInteger();
    private final List<LiverecServer> inProcess = new ArrayList<>();
    private S3ProxyServer s3;
    private HttpServer receiver;
    private Process nodeA;
    private Process ffmpeg;
    private Path logA;

    @AfterEach
    void stop() throws Exception {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (nodeA != null) nodeA.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (LiverecServer s : inProcess) s.close();
        if (receiver != null) receiver.stop(0);
        if (s3 != null) s3.close();
        if (logA != null && Files.exists(logA)) {
            Files.copy(logA, Path.of("target", "NodeDeathTakeoverTest-node-a.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aKilledNodesRecordingIsFinalizedByOneSurvivorAndTheTaskGoesOnElsewhere() throws Exception {
        s3 = new S3ProxyServer(dir.resolve("s3"));
        s3.start();
        DbConfig db = TestDatabases.fresh(TestDatabases.POSTGRES, dir);
        receiver = callbackReceiver();
        LiverecServer b = inProcessNode("node-b", db);
        LiverecServer c = inProcessNode("node-c", db);
        int httpA = freePort();
        int rtmpA = freePort();
        Path configA = writeChildConfig("node-a", db);
        logA = dir.resolve("node-a.log");
        nodeA = launchChild(configA, httpA, rtmpA);
        awaitReady(httpA);

        AccountStore accounts = b.module(ApiModule.class).accounts().store();
        var cred = accounts.createCredential(accounts.findOrCreateAccount("alice").id());
        ApiClient viaB = client(b.httpPort(), cred.secretId(), cred.secretKey());
        ApiClient viaC = client(c.httpPort(), cred.secretId(), cred.secretKey());
        ok(viaB, "AddLiveDomain", Map.of("DomainName", DOMAIN, "DomainType", 0));
        ok(viaB, "ModifyLivePushAuthKey", Map.of("DomainName", DOMAIN, "Enable", 0));
        long cbTpl = ok(viaB, "CreateLiveCallbackTemplate", Map.of("TemplateName", "cb",
                "RecordNotifyUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb")).path("TemplateId").asLong();
        ok(viaB, "CreateLiveCallbackRule", Map.of("DomainName", DOMAIN, "AppName", "live", "TemplateId", cbTpl));
        long recTpl = ok(viaB, "CreateLiveRecordTemplate", Map.of("TemplateName", "four",
                "FlvParam", Map.of("Enable", 1), "HlsParam", Map.of("Enable", 1), "Mp4Param", Map.of("Enable", 1),
                "AacParam", Map.of("Enable", 1))).path("TemplateId").asLong();
        long now = System.currentTimeMillis() / 1000;
        String taskId = ok(viaB, "CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live",
                "StreamName", STREAM, "EndTime", now + 600, "TemplateId", recTpl)).path("TaskId").asText();
        Thread.sleep(2500); // node A reads tasks made elsewhere every 2 s

        Jdbi jdbi = b.context().db().jdbi();
        // 1. ffmpeg pushes to A, which records the task in four formats; then A dies with SIGKILL
        long pushStart = System.currentTimeMillis();
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 60), "rtmp://127.0.0.1:" + rtmpA + "/live/" + STREAM + "?domain=" + DOMAIN, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> recordingFormats(viaC, taskId).size() == FORMATS.size());
        assertThat(recordingFormats(viaB, taskId)).hasSize(FORMATS.size());
        Thread.sleep(9000);
        long recordingSince = jdbi.withHandle(h -> h.createQuery("SELECT MIN(started_at) FROM record_session"
                + " WHERE node = 'node-a'").mapTo(Long.class).one());
        nodeA.destroyForcibly(); // java.lang.Process on Unix: SIGKILL, no cleanup at all
        long killedAt = System.currentTimeMillis();
        assertThat(nodeA.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(nodeA.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        double pushedSeconds = (killedAt - pushStart) / 1000.0; // from ffmpeg's start: includes its start-up
        double recordedSeconds = (killedAt - recordingSince) / 1000.0; // what A had recorded when it died
        ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);

        // 2. the encoder comes back through the balancer on B, which continues the task. Like an encoder it retries:
        // B refuses the stream while A's claim on it lives (until A's node lease expires, one publisher per stream)
        int rtmpB = b.module(RtmpModule.class).server().port();
        String urlB = "rtmp://127.0.0.1:" + rtmpB + "/live/" + STREAM + "?domain=" + DOMAIN;
        for (long until = System.currentTimeMillis() + LEASE_MS + 15_000; ; ) {
            ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 60), urlB, true);
            if (!ffmpeg.waitFor(4, TimeUnit.SECONDS)) break; // still publishing: accepted
            assertThat(System.currentTimeMillis()).as("B accepts the re-push once A's lease expired").isLessThan(until);
            Thread.sleep(500);
        }

        // 3. one survivor finalizes A's partial recording from the store within lease + 10 s
        await().atMost(Duration.ofMillis(LEASE_MS + 10_000)).pollInterval(Duration.ofMillis(100))
                .until(() -> recoveredRows(jdbi).size() == FORMATS.size());
        long takeoverMs = recoveredRows(jdbi).stream().mapToLong(r -> (Long) r.get("created_ms")).max().orElseThrow()
                - killedAt;
        List<Map<String, Object>> recovered = recoveredRows(jdbi);
        assertThat(recovered).extracting(r -> r.get("node")).as("committed by a survivor").allMatch(
                n -> n.equals("node-b") || n.equals("node-c"));
        assertThat(recovered).extracting(r -> r.get("split_reason")).containsOnly("recovered");
        assertThat(recovered).extracting(r -> r.get("task_id")).containsOnly(taskId);
        assertThat(recovered).extracting(r -> ((String) r.get("format")).toLowerCase())
                .containsExactlyInAnyOrderElementsOf(FORMATS);

        // B records the re-push meanwhile: the task is recording on every node, with B's recordings only
        await().atMost(Duration.ofSeconds(10)).until(() -> recordingFormats(viaB, taskId).size() == FORMATS.size()
                && recordingFormats(viaC, taskId).size() == FORMATS.size());
        assertThat(sessionRows(jdbi, "node = 'node-a'")).as("A's recordings are taken over").isZero();

        // 4. uploaded, playable, announced once each
        await().atMost(Duration.ofSeconds(20)).until(() -> recoveredRows(jdbi).stream()
                .allMatch(r -> "stored".equals(r.get("status"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> recoveredCallbacks().size() == FORMATS.size());
        StringBuilder figures = new StringBuilder();
        try (S3Store store = new S3Store(storageConfig().storage, Clock.systemUTC())) {
            for (Map<String, Object> r : recoveredRows(jdbi)) {
                String fmt = ((String) r.get("format")).toLowerCase();
                Path main = download(store, r, dir.resolve("check").resolve(fmt));
                assertThat(main.getFileName().toString()).endsWith("-recovered." + (fmt.equals("hls") ? "m3u8" : fmt));
                var probe = MediaCheck.assertPlayable(main);
                double lost = recordedSeconds - probe.duration();
                figures.append(String.format("  %-4s ffmpeg pushing %.1f s, A recording %.1f s before the kill;"
                        + " recovered %.2f s: lost %.2f s%n", fmt, pushedSeconds, recordedSeconds, probe.duration(), lost));
                assertThat(probe.duration()).as(fmt).isGreaterThan(4.0);
                assertThat(lost).as("%s: at most about one segment/upload period lost (plus start-up)", fmt)
                        .isLessThan(5.0);
            }
        }
        for (JsonNode cb : recoveredCallbacks()) {
            assertThat(cb.path("record_status").asText()).isEqualTo("recovered");
            assertThat(cb.path("task_id").asText()).isEqualTo(taskId);
        }

        // 5. the re-push on B ends: its files are committed as ordinary ones, the task is no longer recording
        ffmpeg.destroy(); // SIGTERM: ffmpeg closes the connection
        assertThat(ffmpeg.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> completedCallbacks().size() == FORMATS.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> recordingFormats(viaB, taskId).isEmpty()
                && recordingFormats(viaC, taskId).isEmpty());
        assertThat(state(viaC, taskId)).isEqualTo("waiting");

        // 6. A comes back with the same node name and data directory: nothing is recovered or announced again
        nodeA = launchChild(configA, httpA, rtmpA);
        awaitReady(httpA);
        Thread.sleep(LEASE_MS + MARGIN_MS + 3000);
        assertThat(recoveredRows(jdbi)).hasSize(FORMATS.size());
        assertThat(recoveredCallbacks()).hasSize(FORMATS.size());
        assertThat(completedCallbacks()).hasSize(FORMATS.size());
        assertThat(callbacks.stream().filter(cb -> cb.path("event_type").asInt() == 100)
                .map(cb -> cb.path("file_id").asText()).distinct().count()).isEqualTo(2L * FORMATS.size());
        assertThat(sessionRows(jdbi, "TRUE")).isZero();
        System.out.printf("takeover: kill -9 of node A -> %s files committed %d ms after the kill (lease %d ms, "
                + "margin %d ms)%n%s", FORMATS.size(), takeoverMs, LEASE_MS, MARGIN_MS, figures);
        assertThat(takeoverMs).isLessThan(LEASE_MS + 10_000);
    }

    // ---- nodes

    private LiverecConfig storageConfig() {
        LiverecConfig cfg = new LiverecConfig();
        StorageConfig sc = cfg.storage;
        sc.type = "s3";
        sc.s3Endpoint = s3.endpoint();
        sc.s3Bucket = "records";
        sc.s3AccessKey = S3ProxyServer.ACCESS;
        sc.s3SecretKey = S3ProxyServer.SECRET;
        sc.uploadPollMillis = 200;
        sc.uploadRetryBaseMillis = 200;
        sc.uploadRetryMaxMillis = 800;
        sc.healthRefreshSeconds = 1;
        return cfg;
    }

    private LiverecServer inProcessNode(String name, DbConfig db) throws Exception {
        LiverecServer s = LiverecServer.start(nodeConfig(name, db), Clock.systemUTC());
        inProcess.add(s);
        return s;
    }

    private LiverecConfig nodeConfig(String name, DbConfig db) {
        LiverecConfig cfg = storageConfig();
        cfg.nodeName = name;
        cfg.dataDir = dir.resolve(name).toString();
        cfg.db = db;
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.api.rateLimitPerSecond = 0;
        cfg.record.hlsSegmentSeconds = 2;
        cfg.record.leaseMillis = LEASE_MS;
        cfg.cluster.leaseMillis = LEASE_MS; // A's claim on the stream ends with its node lease, so B may take the re-push
        cfg.cluster.heartbeatMillis = 500;
        cfg.record.leaseMarginMillis = MARGIN_MS;
        cfg.record.workUploadMillis = 500;
        cfg.callback.pollMillis = 200;
        cfg.callback.retryIntervalSeconds = 1;
        return cfg;
    }

    /** The same settings as the in-process nodes, as the YAML file of a child node. */
    private Path writeChildConfig(String name, DbConfig db) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        LiverecConfig cfg = nodeConfig(name, db);
        cfg.dataDir = null; // given on the command line
        new ObjectMapper(new YAMLFactory()).setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .writeValue(config.toFile(), cfg);
        return config;
    }

    /** Node A as its own JVM, so that SIGKILL is a real kill -9 (same classes as the shaded jar). */
    private Process launchChild(Path config, int httpPort, int rtmpPort) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.liverec.Main", "serve", "--config", config.toString(), "--data-dir",
                dir.resolve("node-a").toString(), "--http-port", Integer.toString(httpPort),
                "--rtmp-port", Integer.toString(rtmpPort));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logA.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("LIVEREC_"));
        return pb.start();
    }

    private void awaitReady(int httpPort) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!nodeA.isAlive()) throw new AssertionError("node A exited " + nodeA.exitValue() + "; log " + Files.readString(logA));
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private HttpServer callbackReceiver() throws IOException {
        HttpServer r = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        r.createContext("/cb", ex -> {
            try {
                callbacks.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(200, -1);
            } finally {
                ex.close();
            }
        });
        r.start();
        return r;
    }

    // ---- API

    private static ApiClient client(int port, String id, String key) {
        return new ApiClient(ApiClient.defaultHttpClient(), URI.create("http://127.0.0.1:" + port + "/"), id, key, "", "");
    }

    /** Calls {@code action}; bodies differ by trailing blanks, so polls within one second are distinct requests. */
    private JsonNode call(ApiClient who, String action, Map<String, Object> params) throws Exception {
        String body = JSON.writeValueAsString(params) + " ".repeat(bodyVariant.incrementAndGet() % 64);
        return who.call(action, body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode ok(ApiClient who, String action, Map<String, Object> params) throws Exception {
        JsonNode r = call(who, action, params);
        assertThat(r.has("Error")).as(action + " " + r).isFalse();
        return r;
    }

    private JsonNode taskState(ApiClient who, String taskId) throws Exception {
        return ok(who, "DescribeRecordTaskStates", Map.of("TaskIds", List.of(taskId))).path("TaskStateSet").path(0);
    }

    private String state(ApiClient who, String taskId) throws Exception {
        return taskState(who, taskId).path("State").asText();
    }

    private List<String> recordingFormats(ApiClient who, String taskId) throws Exception {
        JsonNode s = taskState(who, taskId);
        List<String> out = new ArrayList<>();
        s.path("RecordingFormats").forEach(f -> out.add(f.asText()));
        if (!out.isEmpty()) assertThat(s.path("State").asText()).isEqualTo("recording");
        return out;
    }

    // ---- files and callbacks

    private static List<Map<String, Object>> recoveredRows(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT file_id, format, node, status, split_reason, task_id,"
                + " key_prefix, entries, created_ms FROM record_files WHERE recovered ORDER BY format").mapToMap().list());
    }

    private static int sessionRows(Jdbi jdbi, String where) {
        Integer n = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM record_session WHERE " + where)
                .mapTo(Integer.class).one());
        return n;
    }

    private List<JsonNode> recoveredCallbacks() {
        return callbacks.stream().filter(c -> c.path("event_type").asInt() == 100)
                .filter(c -> c.path("recovered").asBoolean()).toList();
    }

    private List<JsonNode> completedCallbacks() {
        return callbacks.stream().filter(c -> c.path("event_type").asInt() == 100)
                .filter(c -> !c.path("recovered").asBoolean()).toList();
    }

    /** Every object of a stored file into {@code into}; returns the main one (the playlist for HLS). */
    private static Path download(S3Store store, Map<String, Object> row, Path into) throws IOException {
        Files.createDirectories(into);
        String prefix = (String) row.get("key_prefix");
        List<Path> out = new ArrayList<>();
        for (String entry : ((String) row.get("entries")).split("\n")) {
            Path f = into.resolve(entry);
            Files.createDirectories(f.getParent());
            try (InputStream in = store.open(prefix + entry, 0, store.size(prefix + entry))) {
                Files.copy(in, f);
            }
            out.add(f);
        }
        return out.get(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
