package dev.liverec.storage;

import dev.liverec.notify.CallbackTemplates;
import dev.liverec.app.TestNodes;
import dev.liverec.app.StorageModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiCall;
import dev.liverec.config.LiverecConfig;
import dev.liverec.config.StorageConfig;
import dev.liverec.app.LiverecServer;
import dev.liverec.control.RecordFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The S3 destination against a real S3 protocol server: uploads, multipart, outage with spooling, restart. */
class S3StoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    S3ProxyServer s3;
    LiverecServer server;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startS3() throws Exception {
        s3 = new S3ProxyServer(tmp.resolve("s3"));
        s3.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (server != null) server.close();
        s3.close();
    }

    private LiverecConfig config() {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.resolve("data").toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        StorageConfig sc = cfg.storage;
        sc.type = "s3";
        sc.s3Endpoint = s3.endpoint();
        sc.s3Bucket = "records";
        sc.s3AccessKey = S3ProxyServer.ACCESS;
        sc.s3SecretKey = S3ProxyServer.SECRET;
        sc.s3MultipartThresholdBytes = 5L << 20;
        sc.s3PartSizeBytes = 5L << 20;
        sc.uploadPollMillis = 200;
        sc.uploadRetryBaseMillis = 200;
        sc.uploadRetryMaxMillis = 800;
        sc.healthRefreshSeconds = 1;
        sc.retentionSweepSeconds = 1;
        return cfg;
    }

    private LiverecServer startServer() throws Exception {
        LiverecConfig cfg = config();
        LiverecServer s = LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(TestNodes.storage(ctx, CallbackTemplates.NONE)));
        cfg.http.publicUrl = "http://127.0.0.1:" + s.httpPort();
        return s;
    }

    private RecordingStore store() { return server.module(StorageModule.class).recordings(); }

    private RecordFileIndex index() { return server.module(StorageModule.class).index(); }

    private RecordFile row(String recordingId, String name) {
        return index().byId(ObjectKeyLayout.fileId(recordingId, name)).orElseThrow();
    }

    private Path spoolDir() { return tmp.resolve("data/spool"); }

    private long spooledFiles() throws Exception {
        if (!Files.exists(spoolDir())) return 0;
        try (Stream<Path> s = Files.walk(spoolDir())) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /** Bytes of an object as the S3 server holds it (read straight from the S3Proxy's files). */
    private byte[] objectBytes(RecordFile f) throws Exception {
        Path p = tmp.resolve("s3").resolve("records").resolve(f.key(f.mainEntry()));
        return Files.readAllBytes(p);
    }

    @SuppressWarnings("unchecked")
    private String playUrl(long account, String taskId) {
        var out = (Map<String, Object>) server.context().actions().find("DescribeRecordFiles").orElseThrow()
                .handle(new ApiCall("DescribeRecordFiles", new Account(account, 1, "a", AccountState.ACTIVE),
                        JSON.createObjectNode().put("TaskId", taskId), "", "en-US", "r", Instant.now(), null));
        return (String) ((List<Map<String, Object>>) out.get("RecordFileList")).get(0).get("PlayUrl");
    }

    @Test
    void uploadsSmallAndMultipartFilesAndServesThemFromTheBucket() throws Exception {
        server = startServer();
        FinishedRecording small = StorageFixtures.oneFile(store(), 1, 77, "s1", "t-small", RecordFormat.FLV, "small", 4096, 0);
        byte[] smallBytes = Files.readAllBytes(small.files().get(0));
        FinishedRecording big = StorageFixtures.oneFile(store(), 1, 77, "s2", "t-big", RecordFormat.MP4, "big", 12 << 20, 0);
        byte[] bigBytes = Files.readAllBytes(big.files().get(0));
        store().commit(small);
        store().commit(big);
        await().atMost(Duration.ofSeconds(20)).until(() -> RecordFile.STORED.equals(row("s1", "small").status())
                && RecordFile.STORED.equals(row("s2", "big").status()));
        assertThat(objectBytes(row("s1", "small"))).isEqualTo(smallBytes);
        assertThat(objectBytes(row("s2", "big"))).isEqualTo(bigBytes);
        assertThat(((S3Store) server.module(StorageModule.class).archive().destination()).partsUploaded())
                .isEqualTo(3); // 12 MiB in 5 MiB parts; the small file went up in one PUT
        await().atMost(Duration.ofSeconds(5)).until(() -> spooledFiles() == 0); // removed right after the row says stored
        assertThat(row("s2", "big").key("big.mp4")).startsWith("77/push.example.com/live/cam1/");

        // playback proxies from the bucket, with ranges
        String url = playUrl(1, "t-big");
        var part = http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=6000000-6000099").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bigBytes, 6_000_000, 6_000_100));
        var whole = http.send(HttpRequest.newBuilder(URI.create(playUrl(1, "t-small"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(smallBytes);
        assertThat(server.module(StorageModule.class).stores().health().usable()).isTrue();

        // an HLS recording in the bucket plays from its playlist URL alone (segments proxied from S3)
        List<Path> hls = StorageFixtures.ffmpegHls(store(), 1, "s3hls", 4);
        Instant t0 = Instant.parse("2026-11-25T09:00:00Z");
        store().commit(new FinishedRecording("s3hls", 1, 77, "t-hls", StorageFixtures.STREAM, RecordFormat.HLS, "h",
                hls, t0, t0, t0.plusSeconds(4), 4000, 0, "h264", "aac", 320, 240, 0, "stream_end", t0, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> RecordFile.STORED.equals(row("s3hls", "h").status()));
        await().atMost(Duration.ofSeconds(5)).until(() -> spooledFiles() == 0); // removed right after the row says stored
        assertThat(StorageFixtures.probeDuration(playUrl(1, "t-hls"))).isBetween(3.5, 4.6);
    }

    @Test
    void retentionDeletesExpiredObjectsFromTheBucket() throws Exception {
        server = startServer();
        store().commit(StorageFixtures.oneFile(store(), 1, 5, "r1", "t-r1", RecordFormat.FLV, "short", 100, 3));
        store().commit(StorageFixtures.oneFile(store(), 1, 5, "r2", "t-r2", RecordFormat.FLV, "kept", 100, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordFile.STORED.equals(row("r1", "short").status())
                && RecordFile.STORED.equals(row("r2", "kept").status()));
        RecordFile expiring = row("r1", "short");
        Path object = tmp.resolve("s3").resolve("records").resolve(expiring.key(expiring.mainEntry()));
        assertThat(object).exists();
        await().atMost(Duration.ofSeconds(15)).until(() -> index().byId(expiring.fileId()).isEmpty());
        assertThat(object).doesNotExist();
        RecordFile kept = row("r2", "kept");
        assertThat(tmp.resolve("s3").resolve("records").resolve(kept.key(kept.mainEntry()))).exists();
    }

    @Test
    void anOutageLosesNothingAndUploadsResumeAlsoAfterARestart() throws Exception {
        server = startServer();
        StorageHealth health = server.module(StorageModule.class).stores().health();
        s3.stop();
        // degraded, not down: the spool takes the files (a load balancer keeps the node)
        await().atMost(Duration.ofSeconds(5)).until(() -> health.degraded() != null);
        assertThat(health.usable()).isTrue();
        assertThat(health.degraded()).startsWith("spooling: ");
        FinishedRecording a = StorageFixtures.oneFile(store(), 1, 5, "o1", "t-o1", RecordFormat.FLV, "a", 2048, 0);
        byte[] aBytes = Files.readAllBytes(a.files().get(0));
        store().commit(a);
        store().commit(StorageFixtures.oneFile(store(), 1, 5, "o2", "t-o2", RecordFormat.FLV, "b", 2048, 0));
        // the uploader keeps failing; the files wait in the spool and still play from there
        await().atMost(Duration.ofSeconds(10)).until(() -> index().uploadAttempts(row("o1", "a").fileId()) >= 2);
        assertThat(row("o1", "a").status()).isEqualTo(RecordFile.SPOOLED);
        assertThat(spooledFiles()).isEqualTo(2);
        var fromSpool = http.send(HttpRequest.newBuilder(URI.create(playUrl(1, "t-o1"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fromSpool.body()).isEqualTo(aBytes);
        assertThat(server.context().metrics().get("liverec_upload_queue_depth").gauge().value()).isEqualTo(2.0);
        assertThat(server.context().metrics().get("liverec_upload_failures_total").counter().count()).isGreaterThanOrEqualTo(2);

        // the server stops while the object store is still down; a third file arrives just before
        store().commit(StorageFixtures.oneFile(store(), 1, 5, "o3", "t-o3", RecordFormat.FLV, "c", 2048, 0));
        server.close();
        server = null;
        assertThat(spooledFiles()).isEqualTo(3);

        s3.start();
        server = startServer();
        await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(row("o1", "a"), row("o2", "b"), row("o3", "c"))
                .allMatch(f -> RecordFile.STORED.equals(f.status())));
        assertThat(objectBytes(row("o1", "a"))).isEqualTo(aBytes);
        await().atMost(Duration.ofSeconds(5)).until(() -> spooledFiles() == 0); // removed right after the row says stored
        await().atMost(Duration.ofSeconds(5)).until(() -> server.module(StorageModule.class).stores().health().usable());
    }
}
