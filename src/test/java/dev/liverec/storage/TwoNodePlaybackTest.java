package dev.liverec.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.api.ApiCall;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.StorageModule;
import dev.liverec.app.TestNodes;
import dev.liverec.config.DbConfig;
import dev.liverec.config.LiverecConfig;
import dev.liverec.config.StorageConfig;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.TestDatabases;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.notify.CallbackTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one PostgreSQL and one S3 server: a URL signed by node A plays on node B (one cluster-wide key), a
 * file still in A's spool (object store away) plays through B, and after its upload from the bucket; a spooled file
 * whose node is gone is a prompt 502, not a hang.
 */
class TwoNodePlaybackTest {
    private static final Logger LOG = LoggerFactory.getLogger(TwoNodePlaybackTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void spooledAndStoredFilesPlayThroughEitherNode() throws Exception {
        DbConfig db = TestDatabases.fresh(TestDatabases.POSTGRES, tmp);
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.start();
            LiverecServer a = node("node-a", db, s3);
            try (LiverecServer b = node("node-b", db, s3)) {
                RecordingStore storeA = a.module(StorageModule.class).recordings();
                RecordFileIndex index = a.module(StorageModule.class).index();

                s3.stop();
                FinishedRecording r = StorageFixtures.oneFile(storeA, 1, 9, "tn1", "t-tn1", RecordFormat.FLV, "one",
                        300_000, 0);
                byte[] bytes = Files.readAllBytes(r.files().get(0));
                storeA.commit(r);
                String fileId = ObjectKeyLayout.fileId("tn1", "one");
                assertThat(index.byId(fileId).orElseThrow().status()).isEqualTo(RecordFile.SPOOLED);
                String urlA = playUrl(a, "t-tn1");
                String urlB = urlA.replace(":" + a.httpPort() + "/", ":" + b.httpPort() + "/");
                assertThat(urlB).isNotEqualTo(urlA);

                // in A's spool: B forwards the signed read to A
                var whole = get(urlB, null);
                assertThat(whole.statusCode()).isEqualTo(200);
                assertThat(whole.body()).isEqualTo(bytes);
                var part = get(urlB, "bytes=1000-1999");
                assertThat(part.statusCode()).isEqualTo(206);
                assertThat(part.headers().firstValue("content-range")).hasValue("bytes 1000-1999/300000");
                assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));
                // a forged signature is refused by B before anything is forwarded
                assertThat(get(urlB.replaceAll("/[A-Za-z0-9_-]{43}/", "/" + "A".repeat(43) + "/"), null).statusCode())
                        .isEqualTo(403);

                // uploaded: B reads it from the bucket
                s3.start();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> RecordFile.STORED.equals(index.byId(fileId).orElseThrow().status()));
                var stored = get(urlB, null);
                assertThat(stored.statusCode()).isEqualTo(200);
                assertThat(stored.body()).isEqualTo(bytes);

                // spooled on a node that is gone: B answers 502 within its bound
                s3.stop();
                storeA.commit(StorageFixtures.oneFile(storeA, 1, 9, "tn2", "t-tn2", RecordFormat.FLV, "two", 1000, 0));
                String url2 = playUrl(a, "t-tn2").replace(":" + a.httpPort() + "/", ":" + b.httpPort() + "/");
                a.close();
                a = null;
                long t0 = System.nanoTime();
                assertThat(get(url2, null).statusCode()).isEqualTo(502);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                LOG.info("spooled file on a stopped node: 502 from the other node after {} ms", ms);
                assertThat(ms).isLessThan(10_000);
            } finally {
                if (a != null) a.close();
            }
        }
    }

    private HttpResponse<byte[]> get(String url, String range) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (range != null) req.header("Range", range);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private LiverecServer node(String name, DbConfig db, S3ProxyServer s3) throws Exception {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.resolve(name).toString();
        cfg.nodeName = name;
        cfg.db = db;
        cfg.http.host = "127.0.0.1";
        try (ServerSocket s = new ServerSocket(0)) {
            cfg.http.port = s.getLocalPort(); // the spool URL other nodes read through carries the real port
        }
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
        sc.s3ConnectTimeoutMillis = 1000;
        sc.s3ReadTimeoutMillis = 3000;
        sc.s3CallTimeoutMillis = 5000;
        return LiverecServer.start(cfg, Clock.systemUTC(), ctx -> List.of(TestNodes.storage(ctx, CallbackTemplates.NONE)));
    }

    @SuppressWarnings("unchecked")
    private static String playUrl(LiverecServer node, String taskId) {
        var out = (Map<String, Object>) node.context().actions().find("DescribeRecordFiles").orElseThrow()
                .handle(new ApiCall("DescribeRecordFiles", new Account(1, 1, "a", AccountState.ACTIVE),
                        JSON.createObjectNode().put("TaskId", taskId), "", "en-US", "r", Instant.now(), null));
        return (String) ((List<Map<String, Object>>) out.get("RecordFileList")).get(0).get("PlayUrl");
    }
}
