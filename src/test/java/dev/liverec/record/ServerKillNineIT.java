package dev.liverec.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.api.Tc3Signer;
import dev.liverec.media.hls.HlsPlaylistChecker;
import dev.liverec.rtmp.Ffmpeg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash safety of the real server: the shaded jar ({@code java -jar target/liverec.jar serve}) records one task to
 * FLV, HLS and MP4 while ffmpeg pushes over RTMP, is killed with SIGKILL mid-recording, and is started again on the
 * same data directory. The interrupted files must come back finalized, playable, indexed and announced by callbacks
 * flagged {@code recovered} with their codecs and picture size; files finished before the kill must be untouched;
 * the task (window still open) must record the next push. For contrast a SIGTERM mid-recording must commit ordinary
 * files (split reason {@code shutdown}) and leave nothing to recover. Runs in {@code verify} (failsafe) after
 * {@code package}; the servers' output is kept in {@code target/ServerKillNineIT-server.log}.
 */
class ServerKillNineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "crash.it.test";
    private static final String STREAM = "kill9";
    private static final List<String> FORMATS = List.of("flv", "hls", "mp4");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private Process server;
    private Process ffmpeg;
    private Path data;
    private Path log;
    private int httpPort;
    private int rtmpPort;
    private String secretId;
    private String secretKey;

    @AfterEach
    void stop() throws Exception {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM: a clean shutdown
            if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
        }
        if (receiver != null) receiver.stop(0);
        // the servers' output survives the temp directory, for a failed run
        if (log != null && Files.exists(log)) {
            Files.copy(log, Path.of("target", "ServerKillNineIT-server.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aSigkilledServerRecoversItsRecordingsAndRecordsAgain() throws Exception {
        Path jar = Path.of(System.getProperty("liverec.jar", "target/liverec.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
        data = Files.createDirectories(dir.resolve("data"));
        log = dir.resolve("server.log");
        httpPort = freePort();
        rtmpPort = freePort();
        Path config = dir.resolve("liverec.yaml");
        Files.writeString(config, """
                http:
                  host: 127.0.0.1
                rtmp:
                  host: 127.0.0.1
                record:
                  hlsSegmentSeconds: 2
                callback:
                  pollMillis: 200
                  retryIntervalSeconds: 1
                """);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            try {
                callbacks.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(200, -1);
            } finally {
                ex.close();
            }
        });
        receiver.start();

        // a credential through the CLI, straight in the (not yet served) database, as an operator does
        JsonNode cred = JSON.readTree(lastLine(runJava(jar, "credential", "create", "--data-dir", data.toString(), "--json")));
        secretId = cred.path("SecretId").asText();
        secretKey = cred.path("SecretKey").asText();
        assertThat(secretId).isNotBlank();

        server = startServer(jar, config);
        api("AddLiveDomain", Map.of("DomainName", DOMAIN, "DomainType", 0));
        api("ModifyLivePushAuthKey", Map.of("DomainName", DOMAIN, "Enable", 0));
        long cbTpl = api("CreateLiveCallbackTemplate", Map.of("TemplateName", "crash",
                "RecordNotifyUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb")).path("TemplateId").asLong();
        api("CreateLiveCallbackRule", Map.of("DomainName", DOMAIN, "AppName", "live", "TemplateId", cbTpl));
        long recTpl = api("CreateLiveRecordTemplate", Map.of("TemplateName", "three",
                "FlvParam", Map.of("Enable", 1), "HlsParam", Map.of("Enable", 1), "Mp4Param", Map.of("Enable", 1)))
                .path("TemplateId").asLong();
        long now = System.currentTimeMillis() / 1000;
        String taskId = api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", STREAM,
                "EndTime", now + 600, "TemplateId", recTpl)).path("TaskId").asText();

        // 1. a push that ends: three finished files, delivered (the "before the kill" set)
        publishAndWait(Ffmpeg.clip("av-nobf", 3));
        await().atMost(Duration.ofSeconds(20)).until(() -> records(false).size() == 3);
        Map<Path, String> finishedBefore = hashes(data.resolve("records"));
        List<String> idsBefore = records(false).stream().map(c -> c.path("file_id").asText()).toList();
        assertThat(finishedBefore).hasSizeGreaterThanOrEqualTo(4); // flv, mp4, playlist + segment(s)

        // 2. a push cut by kill -9 once every format has flushed a few seconds
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 30), pushUrl(), true);
        await().atMost(Duration.ofSeconds(15)).until(() -> activeRecordings() == 3);
        Thread.sleep(3500);
        assertThat(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive)).hasValue(true);
        server.destroyForcibly(); // java.lang.Process on Unix: SIGKILL
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        List<Path> cut = partFiles();
        assertThat(cut).as("the kill left files being written").isNotEmpty();

        // 3. the same server on the same data directory; the encoder pushes again as soon as the RTMP port is back
        //    (as encoders retry), so recovery runs while the task records the new push
        server = launchServer(jar, config);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> rtmpAccepts(server));
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 3), pushUrl(), true);
        awaitReady(server);
        await().atMost(Duration.ofSeconds(20)).until(() -> records(true).size() == 3);
        List<JsonNode> recovered = records(true);
        assertThat(recovered).extracting(c -> c.path("file_format").asText()).containsExactlyInAnyOrder(FORMATS.toArray(String[]::new));
        for (JsonNode c : recovered) {
            System.out.println("recovered callback: " + c);
            String fmt = c.path("file_format").asText();
            assertThat(c.path("task_id").asText()).isEqualTo(taskId);
            assertThat(c.path("record_status").asText()).isEqualTo("recovered");
            assertThat(c.path("split_reason").asText()).isEqualTo("recovered");
            JsonNode ext = JSON.readTree(c.path("callback_ext").asText());
            assertThat(ext.path("video_codec").asText()).as(fmt).isEqualTo("h264");
            assertThat(ext.path("audio_codec").asText()).as(fmt).isEqualTo("aac");
            assertThat(ext.path("resolution").asText()).as(fmt).isEqualTo("320x240");
            assertThat(c.path("duration").asLong()).as(fmt).isBetween(1L, 6L);

            Path fileDir = fileDir(c.path("file_id").asText());
            Path main = mainFile(fileDir, fmt);
            assertThat(main.getFileName().toString()).endsWith("-recovered." + (fmt.equals("hls") ? "m3u8" : fmt));
            assertThat(main.getFileName().toString()).doesNotContain(".part");
            assertThat(sha256(main)).isEqualTo(c.path("sha256").asText());
            var probe = MediaCheck.assertPlayable(main);
            assertThat(probe.videoCodec()).isEqualTo("h264");
            assertThat(probe.audioCodec()).isEqualTo("aac");
            assertThat(probe.duration()).as(fmt).isBetween(1.0, 6.5);
            if (fmt.equals("hls")) {
                String playlist = Files.readString(main, StandardCharsets.US_ASCII);
                assertThat(playlist).contains("#EXT-X-ENDLIST");
                assertThat(HlsPlaylistChecker.check(playlist)).as("RFC 8216 problems").isEmpty();
                for (String uri : HlsPlaylistChecker.require(playlist).uris()) {
                    assertThat(fileDir.resolve(uri)).isRegularFile();
                }
            }
        }

        // files finished before the kill: byte for byte the same and still playable
        Map<Path, String> afterRestart = hashes(data.resolve("records"));
        assertThat(afterRestart).containsAllEntriesOf(finishedBefore);
        for (Path p : finishedBefore.keySet()) {
            String n = p.getFileName().toString();
            if (n.endsWith(".flv") || n.endsWith(".mp4") || n.endsWith(".m3u8")) MediaCheck.assertPlayable(p);
        }

        // 4. the task's window is still open: the push made right after the restart is recorded whole
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as("ffmpeg push after the restart").isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> records(false).size() >= 6);
        List<JsonNode> live = records(false);
        assertThat(live).hasSize(6);
        assertThat(live.subList(0, 3)).extracting(c -> c.path("file_id").asText())
                .as("callbacks delivered before the kill are not sent again").isEqualTo(idsBefore);
        for (JsonNode c : live.subList(3, 6)) {
            assertThat(c.path("task_id").asText()).isEqualTo(taskId);
            assertThat(c.path("record_status").asText()).isEqualTo("completed");
            Path main = mainFile(fileDir(c.path("file_id").asText()), c.path("file_format").asText());
            assertThat(MediaCheck.assertPlayable(main).duration()).isBetween(2.0, 3.5);
        }

        // the index lists all nine, the recovered ones flagged and described like live ones
        JsonNode list = api("DescribeRecordFiles", Map.of("TaskId", taskId, "PageSize", 100));
        assertThat(list.path("TotalNum").asInt()).isEqualTo(9);
        List<JsonNode> rows = new ArrayList<>();
        list.path("RecordFileList").forEach(rows::add);
        assertThat(rows).filteredOn(r -> r.path("Recovered").asBoolean()).hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r.path("VideoCodec").asText()).isEqualTo("h264");
                    assertThat(r.path("AudioCodec").asText()).isEqualTo("aac");
                    assertThat(r.path("Width").asInt()).isEqualTo(320);
                    assertThat(r.path("Height").asInt()).isEqualTo(240);
                });
        assertThat(cut).as("the files cut by the kill are gone from the work directories").noneMatch(Files::exists);

        // 5. for contrast, SIGTERM while recording: the files are closed and committed as ordinary ones
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 30), pushUrl(), true);
        await().atMost(Duration.ofSeconds(15)).until(() -> activeRecordings() == 3);
        Thread.sleep(2500);
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as("stopped by SIGTERM (128 + 15)").isEqualTo(143);
        ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        server = startServer(jar, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> records(false).size() >= 9);
        assertThat(records(false)).hasSize(9);
        for (JsonNode c : records(false).subList(6, 9)) {
            assertThat(c.path("split_reason").asText()).as(c.toString()).isEqualTo("shutdown");
            Path main = mainFile(fileDir(c.path("file_id").asText()), c.path("file_format").asText());
            assertThat(main.getFileName().toString()).doesNotContain("recovered");
            assertThat(MediaCheck.assertPlayable(main).duration()).isBetween(1.5, 5.0);
        }
        assertThat(records(true)).as("nothing to recover after a clean stop").hasSize(3);
        assertThat(Files.readString(log)).as("Netty leak reports of the servers").doesNotContain("LEAK:");
    }

    // ---- the server process

    private Process startServer(Path jar, Path config) throws Exception {
        Process p = launchServer(jar, config);
        awaitReady(p);
        return p;
    }

    private Process launchServer(Path jar, Path config) throws IOException {
        return javaProcess(jar, "serve", "--config", config.toString(), "--data-dir", data.toString(),
                "--http-port", Integer.toString(httpPort), "--rtmp-port", Integer.toString(rtmpPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private boolean rtmpAccepts(Process p) throws IOException {
        if (!p.isAlive()) throw new AssertionError("server exited " + p.exitValue() + "; log " + Files.readString(log));
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", rtmpPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady(Process p) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) throw new AssertionError("server exited " + p.exitValue() + "; log " + Files.readString(log));
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private ProcessBuilder javaProcess(Path jar, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=paranoid", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LIVEREC_"));
        return pb;
    }

    private String runJava(Path jar, String... args) throws Exception {
        Process p = javaProcess(jar, args).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("cli.log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(args), out).isZero();
        return out;
    }

    private JsonNode api(String action, Map<String, Object> params) throws Exception {
        byte[] body = JSON.writeValueAsBytes(params);
        long ts = System.currentTimeMillis() / 1000;
        String host = "127.0.0.1:" + httpPort;
        Tc3Signer.Signed s = Tc3Signer.sign(secretId, secretKey, "live", "POST", host, "", "application/json", body, ts);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + "/"))
                .header("Content-Type", "application/json").header("Authorization", s.authorization())
                .header("X-TC-Action", action).header("X-TC-Version", "2018-08-01")
                .header("X-TC-Timestamp", Long.toString(ts)).header("X-TC-Region", "ap-guangzhou")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        JsonNode resp = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).path("Response");
        assertThat(resp.has("Error")).as(action + ": " + resp).isFalse();
        return resp;
    }

    private double activeRecordings() {
        try {
            String m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String l : m.split("\n")) {
                if (l.startsWith("liverec_recordings_active{")) sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- media and files

    private String pushUrl() {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + STREAM + "?domain=" + DOMAIN;
    }

    private void publishAndWait(Path clip) throws Exception {
        ffmpeg = Ffmpeg.publish(clip, pushUrl(), true);
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as("ffmpeg push").isZero();
    }

    /** Event-100 callbacks received so far with the given {@code recovered} flag, in arrival order. */
    private List<JsonNode> records(boolean recovered) {
        return callbacks.stream().filter(c -> c.path("event_type").asInt() == 100)
                .filter(c -> c.path("recovered").asBoolean() == recovered).toList();
    }

    private List<Path> partFiles() throws IOException {
        Path work = data.resolve("recording");
        if (!Files.isDirectory(work)) return List.of();
        try (Stream<Path> s = Files.walk(work)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(".part")).toList();
        }
    }

    private Path fileDir(String fileId) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("records"))) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals(fileId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no stored directory for file " + fileId));
        }
    }

    private static Path mainFile(Path fileDir, String format) throws IOException {
        String ext = format.equals("hls") ? ".m3u8" : "." + format;
        try (Stream<Path> s = Files.list(fileDir)) {
            List<Path> main = s.filter(p -> p.getFileName().toString().endsWith(ext)).toList();
            assertThat(main).as("%s in %s", ext, fileDir).hasSize(1);
            return main.get(0);
        }
    }

    private static Map<Path, String> hashes(Path root) throws Exception {
        Map<Path, String> out = new TreeMap<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(p, sha256(p));
        }
        return out;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
