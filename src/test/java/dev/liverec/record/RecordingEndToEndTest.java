package dev.liverec.record;

import dev.liverec.app.RtmpModule;
import dev.liverec.app.ApiModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.Credential;
import dev.liverec.control.account.FirstRunSetup;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.LiverecConfig;
import dev.liverec.media.hls.HlsPlaylistChecker;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.app.LiverecServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The whole server: ffmpeg publishes over RTMP, tasks and templates are made through the signed HTTP API, files
 * go to the local store, callbacks arrive at a real HTTP receiver, and every file is fetched through its callback's
 * video_url and checked with ffprobe and a full ffmpeg decode. The cases run in parallel on separate streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOMAIN = "push.e2e.example.com";
    static final long GOP_MS = 1000;

    @TempDir
    static Path dir;
    LiverecServer server;
    ApiClient api;
    HttpServer receiver;
    int rtmpPort;
    Path clip8;
    final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    record Callback(Instant at, JsonNode body) {}

    @BeforeAll
    void start() throws Exception {
        clip8 = generate(dir, 8);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            callbacks.add(new Callback(Instant.now(), JSON.readTree(ex.getRequestBody().readAllBytes())));
            byte[] ok = "{\"code\":0}".getBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        receiver.start();
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.resolve("data").toString();
        cfg.nodeName = "e2e";
        cfg.http.host = "127.0.0.1";
        try (ServerSocket s = new ServerSocket(0)) {
            cfg.http.port = s.getLocalPort(); // playback URLs in callbacks carry the real port
        }
        cfg.rtmp.port = 0;
        cfg.record.hlsSegmentSeconds = 2;
        cfg.callback.pollMillis = 100;
        cfg.callback.retryIntervalSeconds = 1;
        server = LiverecServer.start(cfg, Clock.systemUTC());
        rtmpPort = server.module(RtmpModule.class).server().port();
        var store = server.module(ApiModule.class).accounts().store();
        // the first-run account: a single-account install, where an unregistered push domain is the account's
        Credential c = store.createCredential(store.findOrCreateAccount(FirstRunSetup.DEFAULT_ACCOUNT).id());
        api = new ApiClient(ApiClient.defaultHttpClient(), URI.create("http://127.0.0.1:" + server.httpPort() + "/"),
                c.secretId(), c.secretKey(), "", "");
        String cbUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
        long cbTemplate = call("CreateLiveCallbackTemplate", "{\"TemplateName\":\"e2e\",\"RecordNotifyUrl\":\"" + cbUrl
                + "\",\"RecordStatusNotifyUrl\":\"" + cbUrl + "\",\"CallbackKey\":\"e2ekey\"}").get("TemplateId").asLong();
        call("CreateLiveCallbackRule", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"TemplateId\":" + cbTemplate + "}");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (receiver != null) receiver.stop(0);
        pool.shutdownNow();
    }

    static Path generate(Path dir, int seconds) throws Exception {
        Path f = dir.resolve("e2e-" + seconds + ".flv");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t",
                Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "flv", f.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        return f;
    }

    JsonNode call(String action, String json) throws Exception {
        JsonNode r = api.call(action, json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.has("Error")).as(action + " " + r).isFalse();
        return r;
    }

    long recordTemplate(String name, String params) throws Exception {
        return call("CreateLiveRecordTemplate", "{\"TemplateName\":\"" + name + "\"," + params + "}")
                .get("TemplateId").asLong();
    }

    String createTask(String stream, long templateId, Instant start, Instant end) throws Exception {
        return call("CreateRecordTask", "{\"StreamName\":\"" + stream + "\",\"DomainName\":\"" + DOMAIN
                + "\",\"AppName\":\"live\",\"StartTime\":" + start.getEpochSecond() + ",\"EndTime\":"
                + end.getEpochSecond() + ",\"TemplateId\":" + templateId + "}").get("TaskId").asText();
    }

    /** ffmpeg -re publishing {@code clip}; completes when ffmpeg exits. */
    CompletableFuture<Void> publish(String stream, Path clip) {
        return CompletableFuture.runAsync(() -> {
            try {
                Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-re", "-i", clip.toString(),
                        "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream + "?domain=" + DOMAIN)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("ffmpeg: " + out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    /** ffmpeg encoding {@code seconds} of testsrc (with {@code video}) and a tone as MP3, published in real time. */
    CompletableFuture<Void> publishMp3(String stream, boolean video, int seconds) {
        return CompletableFuture.runAsync(() -> {
            try {
                List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-re"));
                if (video) cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"));
                cmd.addAll(List.of("-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t",
                        Integer.toString(seconds)));
                if (video) {
                    cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-pix_fmt",
                            "yuv420p"));
                }
                cmd.addAll(List.of("-c:a", "libmp3lame", "-b:a", "64k", "-f", "flv",
                        "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream + "?domain=" + DOMAIN));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("ffmpeg: " + out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    List<JsonNode> fileCallbacks(String taskId) {
        List<JsonNode> l = new ArrayList<>();
        for (Callback c : callbacks) {
            if (c.body().path("event_type").asInt() == 100 && taskId.equals(c.body().path("task_id").asText())) {
                l.add(c.body());
            }
        }
        return l;
    }

    List<JsonNode> awaitFiles(String taskId, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> fileCallbacks(taskId).size() >= n);
        return fileCallbacks(taskId);
    }

    /** The file behind a callback: ffprobe + a full decode through its video_url; the duration in seconds. */
    MediaCheck.Probe check(JsonNode cb) throws Exception {
        String url = cb.path("video_url").asText();
        assertThat(url).startsWith("http://127.0.0.1:" + server.httpPort() + "/");
        assertThat(cb.path("sign").asText()).hasSize(32);
        if ("hls".equals(cb.path("file_format").asText())) {
            String playlist = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(HlsPlaylistChecker.check(playlist)).as(playlist).isEmpty();
            assertThat(playlist).contains("#EXT-X-ENDLIST");
        }
        var probe = MediaCheck.assertPlayableUrl(url);
        if (probe.videoCodec() != null) {
            assertThat(probe.firstFrameKey()).isTrue();
            assertThat(Math.abs(probe.videoStart() - probe.audioStart())).as("A/V start").isLessThan(0.05);
        }
        assertThat(cb.path("duration").asLong()).isCloseTo(Math.round(probe.duration()), within(1L));
        return probe;
    }

    @Test
    void recordingScenariosThroughTheWholeServer() throws Exception {
        long hlsFlv = recordTemplate("hlsflv", "\"HlsParam\":{\"Enable\":1},\"FlvParam\":{\"Enable\":1,\"RecordInterval\":1800},"
                + "\"HlsSpecialParam\":{\"FlowContinueDuration\":30}");
        long mp4 = recordTemplate("mp4", "\"Mp4Param\":{\"Enable\":1,\"RecordInterval\":1800}");
        long flv = recordTemplate("flv", "\"FlvParam\":{\"Enable\":1,\"RecordInterval\":1800}");
        Instant now = Instant.now();

        // 1. interruption and re-push: FLV gives two files, HLS one playlist with a discontinuity
        String resume = createTask("resume", hlsFlv, now, now.plusSeconds(600));
        CompletableFuture<Void> resumeDone = publish("resume", clip8).thenCompose(v -> publish("resume", clip8));

        // 2. a task created while the stream is live starts from the cached keyframe
        CompletableFuture<Void> liveDone = publish("live", clip8);
        // 3. StopRecordTask mid-stream; 4. EndTime reached mid-stream; 5. four overlapping tasks, three run
        String stop = createTask("stop", mp4, now, now.plusSeconds(600));
        CompletableFuture<Void> stopDone = publish("stop", clip8);
        Instant endAt = Instant.ofEpochSecond(now.getEpochSecond() + 7);
        String end = createTask("end", flv, now, endAt);
        CompletableFuture<Void> endDone = publish("end", clip8);
        List<String> over = new ArrayList<>();
        for (int i = 0; i < 4; i++) over.add(createTask("over", flv, now, now.plusSeconds(600)));
        CompletableFuture<Void> overDone = publish("over", clip8);

        Thread.sleep(3500);
        var liveKey = new dev.liverec.stream.StreamKey(DOMAIN, "live", "live");
        // ffmpeg may take longer to connect on a loaded machine: wait for the publish rather than fail on its absence,
        // and for its first media, keyframe included (a loaded ffmpeg sent it 0.8 s after the publish began)
        await().atMost(Duration.ofSeconds(30)).until(() -> server.context().hub().find(liveKey)
                .map(st -> st.packetsIn() >= 10).orElse(false));
        Instant livePublished = server.context().hub().find(liveKey).orElseThrow().publishedAt();
        Instant created = Instant.now();
        String live = createTask("live", flv, now, now.plusSeconds(600));
        Thread.sleep(1000);
        // the 8 s 'stop' push must have run ~4.5 s when the task stops (ffmpeg connects late on a loaded machine)
        var stopKey = new dev.liverec.stream.StreamKey(DOMAIN, "live", "stop");
        await().atMost(Duration.ofSeconds(30)).until(() -> server.context().hub().find(stopKey)
                .map(st -> Duration.between(st.publishedAt(), Instant.now()).toMillis() >= 4500).orElse(false));
        Instant stopAt = Instant.now();
        call("StopRecordTask", "{\"TaskId\":\"" + stop + "\"}");
        List<JsonNode> stopped = awaitFiles(stop, 1);
        Instant stopCallback = callbacks.stream().filter(c -> stop.equals(c.body().path("task_id").asText())
                && c.body().path("event_type").asInt() == 100).findFirst().orElseThrow().at();
        System.out.printf("StopRecordTask -> callback delivered: %d ms%n", Duration.between(stopAt, stopCallback).toMillis());

        CompletableFuture.allOf(liveDone, stopDone, endDone, overDone).get(60, TimeUnit.SECONDS);
        resumeDone.get(60, TimeUnit.SECONDS);
        call("StopRecordTask", "{\"TaskId\":\"" + resume + "\"}"); // ends the HLS playlist kept for a re-push

        // StopRecordTask: closed at once (~4.5 s of the 8 s push), MP4, never restarted
        assertThat(stopped).hasSize(1);
        assertThat(stopped.get(0).path("split_reason").asText()).isEqualTo("task_stop");
        assertThat(check(stopped.get(0)).duration()).isBetween(3.0, 6.0);

        // task created while live: first frame a keyframe at or before the creation time
        JsonNode liveFile = awaitFiles(live, 1).get(0);
        assertThat(Instant.ofEpochMilli(liveFile.path("first_frame_utc").asLong())).isBeforeOrEqualTo(created);
        double liveDur = check(liveFile).duration();
        double expected = 8.0 - Duration.between(livePublished, created).toMillis() / 1000.0;
        assertThat(liveDur).isBetween(expected - 0.3, expected + GOP_MS / 1000.0 + 0.3);

        // EndTime mid-stream
        JsonNode endFile = awaitFiles(end, 1).get(0);
        assertThat(endFile.path("split_reason").asText()).isEqualTo("task_end");
        double endDur = check(endFile).duration();
        double untilEnd = Duration.between(Instant.ofEpochMilli(endFile.path("first_frame_utc").asLong()), endAt)
                .toMillis() / 1000.0;
        assertThat(untilEnd).isBetween(2.0, 7.0); // EndTime fell mid-stream
        assertThat(endDur).isCloseTo(untilEnd, within(0.5));

        // at most three tasks per stream
        int withFiles = 0;
        for (String t : over) {
            List<JsonNode> files = fileCallbacks(t);
            if (!files.isEmpty()) {
                withFiles++;
                assertThat(check(files.get(0)).duration()).isCloseTo(8.0, within(GOP_MS / 1000.0));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> over.stream().filter(t -> !fileCallbacks(t).isEmpty()).count() >= 3);
        Thread.sleep(500);
        assertThat(over.stream().filter(t -> !fileCallbacks(t).isEmpty()).count()).isEqualTo(3);

        // interruption and re-push
        List<JsonNode> resumed = awaitFiles(resume, 3);
        List<JsonNode> flvFiles = resumed.stream().filter(c -> "flv".equals(c.path("file_format").asText())).toList();
        List<JsonNode> hlsFiles = resumed.stream().filter(c -> "hls".equals(c.path("file_format").asText())).toList();
        assertThat(flvFiles).hasSize(2);
        assertThat(hlsFiles).hasSize(1);
        for (JsonNode f : flvFiles) assertThat(check(f).duration()).isCloseTo(8.0, within(GOP_MS / 1000.0));
        assertThat(check(hlsFiles.get(0)).duration()).isCloseTo(16.0, within(2 * GOP_MS / 1000.0));
        String playlist = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                hlsFiles.get(0).path("video_url").asText())).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(playlist.split("#EXT-X-DISCONTINUITY", -1)).hasSize(2);

        // callback per file, none flagged recovered
        for (Callback c : callbacks) {
            if (c.body().path("event_type").asInt() == 100) assertThat(c.body().path("recovered").asBoolean()).isFalse();
        }
        assertThat(withFiles).isLessThanOrEqualTo(3);
    }

    @Test
    void mp3AudioIsRecordedWithH264AndOnItsOwn() throws Exception {
        long av = recordTemplate("mp3av", "\"FlvParam\":{\"Enable\":1,\"RecordInterval\":1800},\"HlsParam\":{\"Enable\":1},"
                + "\"Mp4Param\":{\"Enable\":1,\"RecordInterval\":1800}");
        long audio = recordTemplate("mp3a", "\"Mp3Param\":{\"Enable\":1,\"RecordInterval\":1800},"
                + "\"FlvParam\":{\"Enable\":1,\"RecordInterval\":1800}");
        Instant now = Instant.now();
        String avTask = createTask("mp3av", av, now, now.plusSeconds(600));
        String audioTask = createTask("mp3a", audio, now, now.plusSeconds(600));
        CompletableFuture.allOf(publishMp3("mp3av", true, 6), publishMp3("mp3a", false, 6)).get(60, TimeUnit.SECONDS);

        List<JsonNode> avFiles = awaitFiles(avTask, 3);
        assertThat(avFiles).extracting(c -> c.path("file_format").asText()).containsExactlyInAnyOrder("flv", "hls", "mp4");
        for (JsonNode cb : avFiles) {
            var probe = check(cb); // decodes without an error line, A/V start within 50 ms, callback duration
            String what = cb.path("file_format").asText();
            assertThat(probe.videoCodec()).as(what).isEqualTo("h264");
            assertThat(probe.audioCodec()).as(what).isEqualTo("mp3");
            assertThat(probe.duration()).as(what).isCloseTo(6.0, within(GOP_MS / 1000.0));
            assertThat(JSON.readTree(cb.path("callback_ext").asText()).path("audio_codec").asText()).isEqualTo("mp3");
        }
        List<JsonNode> audioFiles = awaitFiles(audioTask, 2);
        assertThat(audioFiles).extracting(c -> c.path("file_format").asText()).containsExactlyInAnyOrder("mp3", "flv");
        for (JsonNode cb : audioFiles) {
            var probe = check(cb);
            String what = cb.path("file_format").asText();
            assertThat(probe.videoCodec()).as(what).isNull();
            assertThat(probe.audioCodec()).as(what).isEqualTo("mp3");
            assertThat(probe.duration()).as(what).isCloseTo(6.0, within(0.3));
            assertThat(JSON.readTree(cb.path("callback_ext").asText()).path("audio_codec").asText()).isEqualTo("mp3");
        }
    }
}
