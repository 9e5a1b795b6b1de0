package dev.liverec.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.app.ApiModule;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;
import dev.liverec.rtmp.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops while a push is being recorded and stays down for 60 s (the outage); the files finish
 * during the outage.
 * Their commits are retried without a restart: once the database is back each file is indexed, its callback sent
 * once, its whole duration plays, and the task leaves "recording".
 */
class CommitRetryDuringOutageTest {
    private static final Logger LOG = LoggerFactory.getLogger(CommitRetryDuringOutageTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "outage.example";

    @TempDir
    Path tmp;

    record Received(long atNanos, JsonNode body) {}

    @Test
    void filesFinishedWhileTheDatabaseIsDownAreCommittedWhenItReturns() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            received.add(new Received(System.nanoTime(), JSON.readTree(ex.getRequestBody().readAllBytes())));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        Path clip = Ffmpeg.clip("av-nobf", 10);
        try (RestartablePostgres pg = new RestartablePostgres(tmp.resolve("pg"))) {
            LiverecConfig cfg = new LiverecConfig();
            cfg.dataDir = tmp.resolve("data").toString();
            cfg.nodeName = "outage";
            cfg.db = pg.config();
            cfg.http.host = "127.0.0.1";
            try (ServerSocket s = new ServerSocket(0)) {
                cfg.http.port = s.getLocalPort(); // playback URLs in callbacks carry the real port
            }
            cfg.rtmp.host = "127.0.0.1";
            cfg.rtmp.port = 0;
            cfg.callback.pollMillis = 200;
            cfg.callback.retryIntervalSeconds = 1;
            try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
                String base = "http://127.0.0.1:" + server.httpPort();
                // each attempt gives up after db.connectionTimeoutMillis (3 s by default): the commit must be
                // retried through the outage, not merely outwaited by one attempt
                AccountStore accounts = server.module(ApiModule.class).accounts().store();
                Credential cred = accounts.createCredential(accounts.findOrCreateAccount("outage").id());
                ApiClient api = new ApiClient(ApiClient.defaultHttpClient(), URI.create(base + "/"),
                        cred.secretId(), cred.secretKey(), "", "");
                call(api, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
                call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\",\"Enable\":0}");
                String cb = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
                long cbTpl = call(api, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"o\",\"RecordNotifyUrl\":\""
                        + cb + "\",\"CallbackKey\":\"k\"}").get("TemplateId").asLong();
                call(api, "CreateLiveCallbackRule", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\","
                        + "\"TemplateId\":" + cbTpl + "}");
                long tpl = call(api, "CreateLiveRecordTemplate", "{\"TemplateName\":\"hf\",\"HlsParam\":{\"Enable\":1},"
                        + "\"FlvParam\":{\"Enable\":1,\"RecordInterval\":1800}}").get("TemplateId").asLong();
                long now = System.currentTimeMillis() / 1000;
                String taskId = call(api, "CreateRecordTask", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\","
                        + "\"StreamName\":\"cam\",\"StartTime\":" + now + ",\"EndTime\":" + (now + 600)
                        + ",\"TemplateId\":" + tpl + "}").get("TaskId").asText();

                int rtmpPort = server.module(RtmpModule.class).server().port();
                Process ff = Ffmpeg.publish(clip, "rtmp://127.0.0.1:" + rtmpPort + "/live/cam?domain=" + DOMAIN, true);
                await().atMost(Duration.ofSeconds(20)).until(() -> "recording".equals(state(api, taskId)));
                Thread.sleep(1000);
                long down = System.nanoTime();
                pg.stop();
                LOG.info("database stopped");
                assertThat(ff.waitFor(60, TimeUnit.SECONDS)).isTrue();
                long pushEnded = System.nanoTime();
                LOG.info("push ended {} ms into the outage", (pushEnded - down) / 1_000_000);
                Thread.sleep(Math.max(0, 60_000 - (pushEnded - down) / 1_000_000));
                // down at least until both commits failed once, so what follows is their retry
                await().atMost(Duration.ofSeconds(40)).until(() -> metric(base, "liverec_commit_retries_total") >= 2);
                assertThat(received).noneMatch(r -> r.body().path("event_type").asInt() == 100);
                pg.start();
                long up = System.nanoTime();
                LOG.info("database back after {} ms", (up - down) / 1_000_000);

                await().atMost(Duration.ofSeconds(45)).until(() -> records(received).size() == 2);
                for (Received r : records(received)) {
                    LOG.info("database back -> {} callback: {} ms", r.body().get("file_format").asText(),
                            (r.atNanos() - up) / 1_000_000);
                    double seconds = StorageFixtures.probeDuration(r.body().get("video_url").asText());
                    assertThat(seconds).as(r.body().toString()).isBetween(8.0, 11.0); // 10 s pushed: nothing lost
                }
                assertThat(records(received).stream().map(r -> r.body().get("file_format").asText()))
                        .containsExactlyInAnyOrder("hls", "flv");
                JsonNode files = call(api, "DescribeRecordFiles", "{\"TaskId\":\"" + taskId + "\"}");
                assertThat(files.get("TotalNum").asLong()).isEqualTo(2);
                await().atMost(Duration.ofSeconds(20)).until(() -> "waiting".equals(state(api, taskId)));
                Thread.sleep(3000); // no second callback for the same file
                assertThat(records(received)).hasSize(2);
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static List<Received> records(List<Received> received) {
        return received.stream().filter(r -> r.body().path("event_type").asInt() == 100).toList();
    }

    private static String state(ApiClient api, String taskId) throws Exception {
        return call(api, "DescribeRecordTaskStates", "{\"TaskIds\":[\"" + taskId + "\"]}")
                .at("/TaskStateSet/0/State").asText();
    }

    static double metric(String base, String name) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static JsonNode call(ApiClient api, String action, String json) throws Exception {
        JsonNode r = api.call(action, json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.has("Error")).as(action + ": " + r).isFalse();
        return r;
    }
}
