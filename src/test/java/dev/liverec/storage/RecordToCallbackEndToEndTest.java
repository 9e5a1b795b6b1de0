package dev.liverec.storage;

import dev.liverec.app.RtmpModule;
import dev.liverec.app.ApiModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.LiverecConfig;
import dev.liverec.notify.CallbackSigner;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.app.LiverecServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path a customer sees: callback rule and record task over the signed API, ffmpeg pushes over RTMP, the
 * engine records HLS, storage commits it, the event-100 callback arrives signed, and its video_url — a playlist URL
 * alone — plays in ffprobe with every segment fetched.
 */
class RecordToCallbackEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordToCallbackEndToEndTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "push.e2e.test";

    @TempDir
    Path tmp;

    record Received(long atNanos, JsonNode body) {}

    @Test
    void pushedStreamBecomesASignedCallbackWhoseUrlPlays() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            received.add(new Received(System.nanoTime(), JSON.readTree(ex.getRequestBody().readAllBytes())));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.callback.pollMillis = 200;
        Path clip = Ffmpeg.clip("av-nobf", 6);
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
            cfg.http.publicUrl = "http://127.0.0.1:" + server.httpPort();
            AccountStore accounts = server.module(ApiModule.class).accounts().store();
            Account acct = accounts.findOrCreateAccount("e2e");
            Credential cred = accounts.createCredential(acct.id());
            ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), URI.create(cfg.http.publicUrl + "/"),
                    cred.secretId(), cred.secretKey(), "ap-guangzhou", "en-US");
            call(api, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
            call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\",\"Enable\":0}");
            String cb = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
            long tpl = call(api, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"e2e\",\"StreamBeginNotifyUrl\":\"" + cb
                    + "\",\"StreamEndNotifyUrl\":\"" + cb + "\",\"RecordNotifyUrl\":\"" + cb + "\",\"RecordStatusNotifyUrl\":\""
                    + cb + "\",\"CallbackKey\":\"e2e-key\"}").get("TemplateId").asLong();
            call(api, "CreateLiveCallbackRule", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"TemplateId\":" + tpl + "}");
            long now = System.currentTimeMillis() / 1000;
            String taskId = call(api, "CreateRecordTask", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\","
                    + "\"StreamName\":\"cam\",\"StartTime\":" + now + ",\"EndTime\":" + (now + 600) + "}").get("TaskId").asText();

            int rtmpPort = server.module(RtmpModule.class).server().port();
            Process ff = Ffmpeg.publish(clip, "rtmp://127.0.0.1:" + rtmpPort + "/live/cam?domain=" + DOMAIN, true);
            assertThat(ff.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long pushEnded = System.nanoTime();
            assertThat(ff.exitValue()).isZero();

            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().anyMatch(r -> r.body().path("event_type").asInt() == 100));
            Received file = received.stream().filter(r -> r.body().path("event_type").asInt() == 100).findFirst().orElseThrow();
            JsonNode b = file.body();
            LOG.info("push end -> event 100 received: {} ms", (file.atNanos() - pushEnded) / 1_000_000);
            assertThat(b.get("sign").asText()).isEqualTo(CallbackSigner.sign("e2e-key", b.get("t").asLong()));
            assertThat(b.get("task_id").asText()).isEqualTo(taskId);
            assertThat(b.get("appid").asLong()).isEqualTo(acct.appId());
            assertThat(b.get("app").asText()).isEqualTo(DOMAIN);
            assertThat(b.get("stream_id").asText()).isEqualTo("cam");
            assertThat(b.get("file_format").asText()).isEqualTo("hls");
            assertThat(b.has("stream_param")).isFalse();

            // the video_url alone: ffprobe reads the playlist and fetches every segment through signed URLs
            String videoUrl = b.get("video_url").asText();
            double duration = StorageFixtures.probeDuration(videoUrl);
            assertThat(duration).isBetween(4.0, 7.0); // 6 s pushed, within one 2 s GOP
            HttpClient http = HttpClient.newHttpClient();
            String playlist = http.send(HttpRequest.newBuilder(URI.create(videoUrl)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> segments = Arrays.stream(playlist.split("\n")).filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertThat(segments).isNotEmpty();
            assertThat(playlist).contains("#EXT-X-ENDLIST");
            for (String seg : segments) {
                var r = http.send(HttpRequest.newBuilder(URI.create(videoUrl).resolve(seg)).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).as(seg).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type")).hasValue("video/mp2t");
            }

            JsonNode files = call(api, "DescribeRecordFiles", "{\"TaskId\":\"" + taskId + "\"}");
            assertThat(files.get("TotalNum").asLong()).isEqualTo(1);
            assertThat(files.at("/RecordFileList/0/FileId").asText()).isEqualTo(b.get("file_id").asText());
            assertThat(files.at("/RecordFileList/0/VideoCodec").asText()).isNotEmpty();

            // push begin/end and record status events went to the same receiver
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().map(r -> r.body().path("event_type").asInt())
                    .toList().containsAll(List.of(0, 1, 332)));
            JsonNode begin = received.stream().map(Received::body).filter(n -> n.path("event_type").asInt() == 1).findFirst().orElseThrow();
            JsonNode end = received.stream().map(Received::body).filter(n -> n.path("event_type").asInt() == 0).findFirst().orElseThrow();
            assertThat(begin.get("sequence").asText()).isEqualTo(end.get("sequence").asText());
            assertThat(Long.parseLong(end.get("push_duration").asText())).isBetween(4000L, 20000L);
            assertThat(received.stream().map(Received::body).filter(n -> n.path("event_type").asInt() == 332)
                    .map(n -> n.get("record_event").asText()).toList()).contains("record_start_succeeded");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void stopRecordTaskToCallbackDelivered() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            received.add(new Received(System.nanoTime(), JSON.readTree(ex.getRequestBody().readAllBytes())));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.callback.pollMillis = 200;
        Path clip = Ffmpeg.clip("av-nobf", 12);
        Process ff = null;
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
            cfg.http.publicUrl = "http://127.0.0.1:" + server.httpPort();
            AccountStore accounts = server.module(ApiModule.class).accounts().store();
            Account acct = accounts.findOrCreateAccount("e2e-stop");
            Credential cred = accounts.createCredential(acct.id());
            ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), URI.create(cfg.http.publicUrl + "/"),
                    cred.secretId(), cred.secretKey(), "ap-guangzhou", "en-US");
            call(api, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
            call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\",\"Enable\":0}");
            String cb = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
            long tpl = call(api, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"e2e\",\"RecordNotifyUrl\":\"" + cb
                    + "\",\"CallbackKey\":\"k\"}").get("TemplateId").asLong();
            call(api, "CreateLiveCallbackRule", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"TemplateId\":" + tpl + "}");
            long now = System.currentTimeMillis() / 1000;
            String taskId = call(api, "CreateRecordTask", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\","
                    + "\"StreamName\":\"stop\",\"StartTime\":" + now + ",\"EndTime\":" + (now + 600) + "}").get("TaskId").asText();
            int rtmpPort = server.module(RtmpModule.class).server().port();
            ff = Ffmpeg.publish(clip, "rtmp://127.0.0.1:" + rtmpPort + "/live/stop?domain=" + DOMAIN, true);
            Thread.sleep(4000);
            long stopAt = System.nanoTime();
            call(api, "StopRecordTask", "{\"TaskId\":\"" + taskId + "\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(r -> r.body().path("event_type").asInt() == 100));
            Received file = received.stream().filter(r -> r.body().path("event_type").asInt() == 100).findFirst().orElseThrow();
            long millis = (file.atNanos() - stopAt) / 1_000_000;
            LOG.info("StopRecordTask -> event 100 received: {} ms", millis);
            assertThat(ff.isAlive()).isTrue(); // the push goes on; only the task stopped
            assertThat(file.body().get("task_id").asText()).isEqualTo(taskId);
            assertThat(StorageFixtures.probeDuration(file.body().get("video_url").asText())).isBetween(2.0, 8.0);
        } finally {
            if (ff != null) ff.destroyForcibly();
            receiver.stop(0);
        }
    }

    private static JsonNode call(ApiClient api, String action, String json) throws Exception {
        JsonNode r = api.call(action, json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.has("Error")).as(action + ": " + r).isFalse();
        return r;
    }
}
