package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.control.account.Credential;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web module's API extensions on a full node: task states, and the live preview URL and stream. */
@Tag("slow")
class WebActionsTest {
    private static final String DOMAIN = "push.actions.test";

    @TempDir
    Path dir;

    private NodeFixture node;
    private Process ffmpeg;

    @AfterEach
    void stop() {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (node != null) node.close();
    }

    private String task(String stream, long start, long end) throws Exception {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", stream, "EndTime", end));
        if (start > 0) p.put("StartTime", start);
        return node.api("CreateRecordTask", p).path("TaskId").asText();
    }

    @Test
    void taskStatesComeFromTheWindowTheStopAndTheRecordingsInProgress() throws Exception {
        node = new NodeFixture(dir, cfg -> {});
        node.addDomain(DOMAIN);
        long now = System.currentTimeMillis() / 1000;
        String scheduled = task("a", now + 300, now + 900);
        String waiting = task("b", 0, now + 600);
        String stopped = task("c", 0, now + 600);
        node.api("StopRecordTask", Map.of("TaskId", stopped));
        String recording = task("d", 0, now + 600);
        // a recording of task d in progress, as the engine journals it from its first byte to the file's commit
        new SessionJournal(node.server.context().db().jdbi()).insert(new SessionJournal.Entry("rec-1", "node-x",
                node.cred.accountId(), recording, recording, 0, new StreamKey(DOMAIN, "live", "d"), RecordFormat.HLS,
                dir, "d_file", Instant.ofEpochSecond(now - 5)));
        Credential other = node.otherAccount();
        node.callAs(other, "AddLiveDomain", Map.of("DomainName", "other.example", "DomainType", 0));
        String foreign = node.callAs(other, "CreateRecordTask", Map.of("DomainName", "other.example", "AppName", "live",
                "StreamName", "x", "EndTime", now + 600)).path("TaskId").asText();

        JsonNode r = node.api("DescribeRecordTaskStates", Map.of("TaskIds",
                List.of(scheduled, waiting, stopped, recording, foreign, "no-such-task")));
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (JsonNode t : r.path("TaskStateSet")) byId.put(t.path("TaskId").asText(), t);
        assertThat(byId).containsOnlyKeys(scheduled, waiting, stopped, recording);
        assertThat(byId.get(scheduled).path("State").asText()).isEqualTo("scheduled");
        assertThat(byId.get(waiting).path("State").asText()).isEqualTo("waiting");
        assertThat(byId.get(stopped).path("State").asText()).isEqualTo("stopped");
        assertThat(byId.get(recording).path("State").asText()).isEqualTo("recording");
        assertThat(byId.get(recording).path("RecordingFormats").toString()).isEqualTo("[\"hls\"]");
        assertThat(byId.get(recording).path("RecordingSince").asLong()).isEqualTo(now - 5);
        assertThat(byId.get(waiting).path("RecordingFormats").size()).isZero();
        // the other account sees its own task only
        JsonNode theirs = node.callAs(other, "DescribeRecordTaskStates", Map.of("TaskIds", List.of(foreign, recording)));
        assertThat(theirs.path("TaskStateSet").size()).isEqualTo(1);
        assertThat(theirs.path("TaskStateSet").get(0).path("State").asText()).isEqualTo("waiting");

        assertThat(node.call("DescribeRecordTaskStates", Map.of()).path("Error").path("Code").asText()).isEqualTo("MissingParameter");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) many.add("t" + i);
        assertThat(node.call("DescribeRecordTaskStates", Map.of("TaskIds", many)).path("Error").path("Code").asText())
                .isEqualTo("InvalidParameterValue");
        assertThat(node.call("DescribeRecordTaskStates", Map.of("TaskIds", List.of(waiting), "Extra", 1)).path("Error")
                .path("Code").asText()).isEqualTo("UnknownParameter");
    }

    @Test
    void aBrowserAtTheRootGetsTheConsoleAndApiGetsStillReachTheGateway() throws Exception {
        node = new NodeFixture(dir, cfg -> {});
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/"))
                .header("Accept", "text/html,application/xhtml+xml").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/?Action=DescribeLiveDomains&Version=2018-08-01"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"Response\"").contains("\"Error\"");
    }

    @Test
    void livePreviewStreamsPlayableFragmentedMp4ToItsOwnerOnly() throws Exception {
        node = new NodeFixture(dir, cfg -> {});
        node.addDomain(DOMAIN);
        Map<String, Object> stream = Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "p1");
        assertThat(node.call("DescribeLivePreviewUrl", stream).path("Error").path("Code").asText())
                .isEqualTo("ResourceUnavailable.StreamNotExist");
        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 60), node.pushUrl(DOMAIN, "live", "p1"), true);
        await().atMost(Duration.ofSeconds(20)).until(() -> !node.call("DescribeLivePreviewUrl", stream).has("Error"));
        JsonNode r = node.api("DescribeLivePreviewUrl", stream);
        String url = r.path("PreviewUrl").asText();
        assertThat(url).startsWith(node.url() + "/live/" + DOMAIN + "/live/p1.mp4?");
        assertThat(r.path("ExpireTime").asLong()).isGreaterThan(System.currentTimeMillis() / 1000 + 3000);
        // another account cannot get a preview of this account's stream
        assertThat(node.callAs(node.otherAccount(), "DescribeLivePreviewUrl", stream).path("Error").path("Code").asText())
                .isEqualTo("ResourceUnavailable.StreamNotExist");

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String tampered = url.replaceAll("token=.", "token=A").equals(url) ? url.replaceAll("token=.", "token=B") : url.replaceAll("token=.", "token=A");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        String otherStream = url.replace("/p1.mp4", "/p2.mp4");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(otherStream)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

        HttpResponse<InputStream> live = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type").orElse("")).matches("video/mp4; codecs=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"");
        byte[] got = readFor(live.body(), 3000);
        Path mp4 = dir.resolve("preview.mp4");
        Files.write(mp4, completeBoxes(got));
        String probe = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", mp4.toString()));
        assertThat(probe).contains("h264,320,240").contains("aac");
        assertThat(run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", mp4.toString(), "-f", "null", "-"))).isEmpty();
        String frames = run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mp4.toString())).trim();
        assertThat(Integer.parseInt(frames)).isGreaterThan(25); // the GOP cache's frames, then ~3 s live
    }

    private static byte[] readFor(InputStream in, long millis) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long end = System.currentTimeMillis() + millis;
        byte[] buf = new byte[65536];
        while (System.currentTimeMillis() < end) {
            int n = in.read(buf);
            if (n < 0) break;
            out.write(buf, 0, n);
        }
        in.close();
        return out.toByteArray();
    }

    /**
     * The prefix made of complete top-level boxes (the read stopped mid-fragment), without a trailing {@code moof}
     * whose {@code mdat} was cut off (its samples would point past the end).
     */
    private static byte[] completeBoxes(byte[] b) {
        int pos = 0;
        int lastMoof = -1;
        while (pos + 8 <= b.length) {
            long size = ByteBuffer.wrap(b, pos, 4).getInt() & 0xFFFFFFFFL;
            if (size < 8 || pos + size > b.length) break;
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            lastMoof = type.equals("moof") ? pos : type.equals("mdat") ? -1 : lastMoof;
            pos += (int) size;
        }
        return java.util.Arrays.copyOf(b, lastMoof >= 0 ? lastMoof : pos);
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
