package dev.liverec.web.playback;

import dev.liverec.app.TestNodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiCall;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.RecordingStore;
import dev.liverec.storage.StorageFixtures;
import dev.liverec.app.StorageModule;
import dev.liverec.storage.MutableClock;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordPlan;
import dev.liverec.notify.CallbackOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed playback over HTTP from the local store: HLS with ffprobe, ranges, signatures, account scoping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaybackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    LiverecServer server;
    MutableClock clock = new MutableClock(Instant.now());
    HttpClient http = HttpClient.newHttpClient();
    RecordingStore store;
    StorageFixtures.CallbackRules rules = new StorageFixtures.CallbackRules();
    String base;

    @BeforeAll
    void start() throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.resolve("data").toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.db.url = "jdbc:h2:mem:pb" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        cfg.record.playbackUrlTtlSeconds = 3600;
        server = LiverecServer.start(cfg, clock, ctx -> List.of(TestNodes.storage(ctx, rules::callbackTemplateFor)));
        base = "http://127.0.0.1:" + server.httpPort();
        cfg.http.publicUrl = base;
        store = server.module(StorageModule.class).recordings();
        rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://127.0.0.1:1/never-called", "k");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> describe(long account, ObjectNode params) {
        var action = server.context().actions().find("DescribeRecordFiles").orElseThrow();
        var out = (Map<String, Object>) action.handle(new ApiCall("DescribeRecordFiles",
                new Account(account, 1000 + account, "a", AccountState.ACTIVE), params, "ap-guangzhou", "en-US", "r",
                Instant.now(), base));
        return (List<Map<String, Object>>) out.get("RecordFileList");
    }

    private HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void hlsPlaylistUrlAloneReachesEverySegment() throws Exception {
        List<Path> files = StorageFixtures.ffmpegHls(store, 1, "hls1", 6);
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        List<byte[]> segments = new ArrayList<>();
        for (Path p : files.subList(1, files.size())) segments.add(Files.readAllBytes(p));
        Instant t0 = Instant.parse("2026-11-25T09:00:00Z");
        store.commit(new FinishedRecording("hls1", 1, 1001, "task-h", StorageFixtures.STREAM, RecordFormat.HLS, "cam1_hls",
                files, t0, t0, t0.plusSeconds(6), 6000, 0, "h264", "aac", 320, 240, 0, "stream_end", t0, false));

        var listed = describe(1, JSON.createObjectNode().put("TaskId", "task-h"));
        assertThat(listed).hasSize(1);
        String playUrl = (String) listed.get(0).get("PlayUrl");
        assertThat(playUrl).startsWith(base + "/vod/").endsWith("/cam1_hls.m3u8");

        var playlist = get(playUrl);
        assertThat(playlist.statusCode()).isEqualTo(200);
        assertThat(playlist.headers().firstValue("content-type")).hasValue("application/vnd.apple.mpegurl");
        List<String> uris = Arrays.stream(new String(playlist.body()).split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(uris).hasSize(segments.size());
        for (int i = 0; i < uris.size(); i++) {
            var seg = get(URI.create(playUrl).resolve(uris.get(i)).toString());
            assertThat(seg.statusCode()).isEqualTo(200);
            assertThat(seg.headers().firstValue("content-type")).hasValue("video/mp2t");
            assertThat(seg.body()).isEqualTo(segments.get(i));
        }
        // a real player reads the whole thing from the playlist URL alone
        assertThat(StorageFixtures.probeDuration(playUrl)).isBetween(5.5, 6.6);

        // the callback's video_url is such a URL and plays as is
        String videoUrl = JSON.readTree(server.module(StorageModule.class).outbox()
                .list(1, null, 100, (String) listed.get(0).get("FileId"), 0, 1).deliveries().get(0).payload())
                .get("video_url").asText();
        assertThat(videoUrl).startsWith(base + "/vod/");
        Process probe2 = new ProcessBuilder("ffprobe", "-v", "error", "-count_packets", "-show_entries",
                "stream=codec_name,nb_read_packets", "-of", "csv=p=0", videoUrl).redirectErrorStream(true).start();
        String out2 = new String(probe2.getInputStream().readAllBytes()).trim();
        assertThat(probe2.waitFor()).as(out2).isZero();
        assertThat(out2).contains("h264").contains("aac");

        // account scoping: another account sees nothing
        assertThat(describe(2, JSON.createObjectNode().put("TaskId", "task-h"))).isEmpty();
        assertThat(describe(1, JSON.createObjectNode().put("DomainName", "PUSH.example.com").put("StreamName", "cam1")
                .put("StartTime", t0.getEpochSecond() - 10).put("EndTime", t0.getEpochSecond() + 1))).hasSize(1);
        assertThat(describe(1, JSON.createObjectNode().put("DomainName", "push.example.com").put("StreamName", "cam1")
                .put("StartTime", t0.getEpochSecond() + 10).put("EndTime", t0.getEpochSecond() + 20))).isEmpty(); // no overlap
    }

    @Test
    void signaturesRangesAndContentTypes() throws Exception {
        FinishedRecording r = StorageFixtures.oneFile(store, 1, 1001, "flv1", "task-f", RecordFormat.FLV, "cam1_flv", 1000, 0);
        byte[] content = Files.readAllBytes(r.files().get(0));
        store.commit(r);
        String url = (String) describe(1, JSON.createObjectNode().put("TaskId", "task-f")).get(0).get("PlayUrl");

        var full = get(url);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(content);
        assertThat(full.headers().firstValue("content-type")).hasValue("video/x-flv");
        assertThat(full.headers().firstValue("accept-ranges")).hasValue("bytes");

        var part = get(url, "Range", "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 10-19/1000");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
        var suffix = get(url, "Range", "bytes=-5");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 995, 1000));
        var open = get(url, "Range", "bytes=990-");
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 990, 1000));
        var beyond = get(url, "Range", "bytes=1000-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */1000");
        var gz = get(url, "Range", "bytes=0-99", "Accept-Encoding", "gzip");
        assertThat(gz.statusCode()).isEqualTo(206);
        assertThat(gz.headers().firstValue("content-encoding").orElse("identity")).isEqualTo("identity");
        assertThat(gz.body()).isEqualTo(Arrays.copyOfRange(content, 0, 100));
        var head = http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.headers().firstValue("content-length")).hasValue("1000");

        // /vod/<fileId>/<exp>/<sig>/<entry>
        String[] p = URI.create(url).getPath().split("/");
        String fileId = p[2], exp = p[3], sig = p[4], entry = p[5];
        String tamperedSig = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        assertThat(get(base + "/vod/" + fileId + "/" + exp + "/" + tamperedSig + "/" + entry).statusCode()).isEqualTo(403);
        assertThat(get(base + "/vod/" + fileId + "/" + (Long.parseLong(exp) + 1) + "/" + sig + "/" + entry).statusCode()).isEqualTo(403);
        assertThat(get(base + "/vod/" + fileId + "/" + entry + "?exp=" + exp + "&sig=" + sig).statusCode()).isEqualTo(200);
        assertThat(get(base + "/vod/" + fileId + "/" + entry).statusCode()).isEqualTo(403);
        assertThat(get(base + "/vod/" + fileId + "/" + exp + "/" + sig + "/other.flv").statusCode()).isEqualTo(404);
        assertThat(get(base + "/vod/" + fileId + "/" + exp + "/" + sig + "/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);

        // another file's signature does not open this one
        FinishedRecording r2 = StorageFixtures.oneFile(store, 2, 1002, "flv2", "task-g", RecordFormat.FLV, "x", 10, 0);
        store.commit(r2);
        String url2 = (String) describe(2, JSON.createObjectNode().put("TaskId", "task-g")).get(0).get("PlayUrl");
        String fileId2 = URI.create(url2).getPath().split("/")[2];
        assertThat(get(base + "/vod/" + fileId2 + "/" + exp + "/" + sig + "/x.flv").statusCode()).isEqualTo(403);
        assertThat(describe(1, JSON.createObjectNode().put("TaskId", "task-g"))).isEmpty();

        // expiry
        clock.advanceSeconds(3601);
        try {
            assertThat(get(url).statusCode()).isEqualTo(403);
        } finally {
            clock.advanceSeconds(-3601);
        }
    }
}
