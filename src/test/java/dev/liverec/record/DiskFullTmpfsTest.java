package dev.liverec.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.app.ApiModule;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.account.Credential;
import dev.liverec.media.hls.HlsPlaylistChecker;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Disk full for real: the data directory is a 20 MiB tmpfs (mounted by the test, so it needs root), a filler file
 * leaves about 10 MiB, and ffmpeg pushes about 3 Mbit/s recorded as HLS + FLV + MP4 until the free space falls
 * below minFreeBytes. Every file closes with split reason disk_full, is committed and plays; one interrupted event
 * per recording; nothing restarts and no work directory is left while full; the task state is interrupted; after the
 * filler is deleted, recording resumes as new files within seconds; files finished before stay byte-for-byte.
 * Prints the timeline (fill → files closed → space back → recording resumed).
 */
class DiskFullTmpfsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOMAIN = "push.diskfull.example.com";

    @TempDir
    Path dir;
    final List<Callback> callbacks = new CopyOnWriteArrayList<>();

    record Callback(Instant at, JsonNode body) {}

    @Test
    void aFullDiskClosesEveryFileAndRecordingResumesWhenSpaceIsBack() throws Exception {
        Path clip = generate(dir.resolve("push.flv"), 40);
        Path disk = Files.createDirectories(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String mountOut = new String(mount.getInputStream().readAllBytes());
        assumeThat(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0)
                .as("mount -t tmpfs is not permitted here (needs root / CAP_SYS_ADMIN): " + mountOut).isTrue();
        try {
            run(clip, disk);
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void run(Path clip, Path disk) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            callbacks.add(new Callback(Instant.now(), JSON.readTree(ex.getRequestBody().readAllBytes())));
            byte[] ok = "{\"code\":0}".getBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        receiver.start();
        Path filler = disk.resolve("filler.bin");
        Files.write(filler, new byte[10 << 20]);
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = disk.resolve("data").toString();
        cfg.db.url = "jdbc:h2:file:" + dir.resolve("db").resolve("liverec") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        cfg.nodeName = "diskfull";
        cfg.http.host = "127.0.0.1";
        try (ServerSocket s = new ServerSocket(0)) {
            cfg.http.port = s.getLocalPort();
        }
        cfg.rtmp.port = 0;
        cfg.record.hlsSegmentSeconds = 2;
        cfg.callback.pollMillis = 100;
        // 3 MiB leaves no room for the MP4's moov-first copy (about its size): it is finished in place, moov at the
        // end (before that fix the MP4 sometimes hit ENOSPC here and was committed only when space came back)
        cfg.storage.minFreeBytes = 3L << 20;
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
            int rtmpPort = server.module(RtmpModule.class).server().port();
            var store = server.module(ApiModule.class).accounts().store();
            Credential c = store.createCredential(store.findOrCreateAccount("diskfull").id());
            ApiClient api = new ApiClient(ApiClient.defaultHttpClient(),
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/"), c.secretId(), c.secretKey(), "", "");
            call(api, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
            call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\",\"Enable\":0}");
            String cbUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
            long cbTemplate = call(api, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"df\",\"RecordNotifyUrl\":\""
                    + cbUrl + "\",\"RecordStatusNotifyUrl\":\"" + cbUrl + "\"}").get("TemplateId").asLong();
            call(api, "CreateLiveCallbackRule", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"TemplateId\":"
                    + cbTemplate + "}");
            long tpl = call(api, "CreateLiveRecordTemplate", "{\"TemplateName\":\"all3\",\"HlsParam\":{\"Enable\":1},"
                    + "\"FlvParam\":{\"Enable\":1,\"RecordInterval\":1800},\"Mp4Param\":{\"Enable\":1,"
                    + "\"RecordInterval\":1800}}").get("TemplateId").asLong();
            Instant now = Instant.now();
            String before = task(api, "before", tpl, now);
            String task = task(api, "full", tpl, now);

            // files finished before the fill
            push(rtmpPort, "before", clip, 2).waitFor(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> fileEvents(before).size() == 3);
            Path records = disk.resolve("data").resolve("records");
            Map<Path, String> earlier = hashes(records);
            assertThat(earlier).hasSize(2 + 1 + (int) Files.walk(records).filter(p -> p.toString().endsWith(".ts")).count());

            Instant pushed = Instant.now();
            Process ff = push(rtmpPort, "full", clip, 0);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> fileEvents(task).size() == 3);
                Instant closed = Instant.now();
                List<JsonNode> cut = fileEvents(task);
                Instant full = statusEvents(task, "record_interrupted").stream().map(Callback::at).min(Instant::compareTo)
                        .orElseThrow();
                for (JsonNode f : cut) {
                    assertThat(f.path("split_reason").asText()).as(f.toString()).isEqualTo("disk_full");
                    assertThat(f.path("record_status").asText()).isEqualTo("interrupted");
                    check(f);
                }
                assertThat(cut).extracting(f -> f.path("file_format").asText())
                        .containsExactlyInAnyOrder("hls", "flv", "mp4");
                // full for a while: no restart, no junk, the task says why
                Thread.sleep(3000);
                assertThat(statusEvents(task, "record_interrupted")).hasSize(3);
                assertThat(statusEvents(task, "record_start_succeeded")).as("no restart storm").hasSize(3);
                assertThat(statusEvents(task, "record_error")).isEmpty();
                Path work = disk.resolve("data").resolve("recording");
                try (Stream<Path> s = Files.walk(work)) {
                    assertThat(s.filter(Files::isRegularFile).toList()).as("no junk in the work directories").isEmpty();
                }
                JsonNode state = call(api, "DescribeRecordTaskStates", "{\"TaskIds\":[\"" + task + "\"]}")
                        .path("TaskStateSet").get(0);
                assertThat(state.path("State").asText()).isEqualTo("interrupted");
                assertThat(state.path("StateReason").asText()).startsWith("disk_full");

                Instant room = Instant.now();
                Files.delete(filler);
                await().atMost(Duration.ofSeconds(10)).until(() -> statusEvents(task, "record_start_succeeded").size() == 6);
                Instant resumed = statusEvents(task, "record_start_succeeded").stream().map(Callback::at)
                        .max(Instant::compareTo).orElseThrow();
                System.out.printf("disk-full timeline: push %s; interrupted +%.1f s; files closed and committed +%.1f s;"
                                + " space back +%.1f s; recording resumed +%.1f s (%.1f s after the space came back)%n",
                        pushed, secs(pushed, full), secs(pushed, closed), secs(pushed, room), secs(pushed, resumed),
                        secs(room, resumed));
                assertThat(Duration.between(room, resumed)).isLessThan(Duration.ofSeconds(5));
                Thread.sleep(1500);
            } finally {
                ff.destroy();
                ff.waitFor(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> fileEvents(task).size() == 6);
            List<JsonNode> after = fileEvents(task).subList(3, 6);
            for (JsonNode f : after) {
                assertThat(f.path("split_reason").asText()).isIn("stream_end", "disk_full");
                check(f);
            }
            assertThat(hashes(records)).containsAllEntriesOf(earlier);
        } finally {
            receiver.stop(0);
        }
    }

    private static double secs(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private List<JsonNode> fileEvents(String taskId) {
        List<JsonNode> l = new ArrayList<>();
        for (Callback c : callbacks) {
            if (c.body().path("event_type").asInt() == 100 && taskId.equals(c.body().path("task_id").asText())) {
                l.add(c.body());
            }
        }
        return l;
    }

    private List<Callback> statusEvents(String taskId, String event) {
        return callbacks.stream().filter(c -> c.body().path("event_type").asInt() == 332
                && taskId.equals(c.body().path("task_id").asText())
                && event.equals(c.body().path("record_event").asText())).toList();
    }

    /** ffprobe + a full decode through the callback's video_url; an HLS playlist has its ENDLIST. */
    private static void check(JsonNode cb) throws Exception {
        String url = cb.path("video_url").asText();
        if ("hls".equals(cb.path("file_format").asText())) {
            String playlist = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(HlsPlaylistChecker.check(playlist)).as(playlist).isEmpty();
            assertThat(playlist).contains("#EXT-X-ENDLIST");
        }
        assertThat(MediaCheck.assertPlayableUrl(url).duration()).isGreaterThan(0.5);
    }

    private static Map<Path, String> hashes(Path root) throws Exception {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(p, DiskFullTest.sha256(p));
        }
        return out;
    }

    private static String task(ApiClient api, String stream, long tpl, Instant now) throws Exception {
        return call(api, "CreateRecordTask", "{\"StreamName\":\"" + stream + "\",\"DomainName\":\"" + DOMAIN
                + "\",\"AppName\":\"live\",\"StartTime\":" + now.getEpochSecond() + ",\"EndTime\":"
                + now.plusSeconds(600).getEpochSecond() + ",\"TemplateId\":" + tpl + "}").get("TaskId").asText();
    }

    private static JsonNode call(ApiClient api, String action, String json) throws Exception {
        JsonNode r = api.call(action, json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.has("Error")).as(action + " " + r).isFalse();
        return r;
    }

    /** ffmpeg -re publishing {@code clip} (the first {@code seconds} of it, 0 = all). */
    private static Process push(int rtmpPort, String stream, Path clip, int seconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-re", "-i", clip.toString()));
        if (seconds > 0) cmd.addAll(List.of("-t", Integer.toString(seconds)));
        cmd.addAll(List.of("-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/live/" + stream + "?domain="
                + DOMAIN));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** About 3 Mbit/s of H.264 (noisy test pattern, 1 s GOP) and AAC. */
    private static Path generate(Path f, int seconds) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=480x270:rate=25,noise=alls=30:allf=t", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=44100", "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset",
                "ultrafast", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "1M", "-g", "25", "-bf", "0", "-pix_fmt",
                "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "flv", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        return f;
    }
}
