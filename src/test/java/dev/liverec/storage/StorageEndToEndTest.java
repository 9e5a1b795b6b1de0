package dev.liverec.storage;

import dev.liverec.app.StorageModule;
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
import dev.liverec.notify.CallbackNotifier;
import dev.liverec.notify.CallbackSigner;
import dev.liverec.app.LiverecServer;
import dev.liverec.control.RecordFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default server (API gateway, control plane, storage): callback template and rule created over the signed
 * API, a file committed as the recording engine does, the callback received and verified, the file listed and
 * played through the API, per account.
 */
class StorageEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void callbackRuleToDeliveredCallbackToPlayback() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.port = 0;
        cfg.callback.pollMillis = 100;
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            cfg.http.publicUrl = base;
            AccountStore accounts = server.module(ApiModule.class).accounts().store();
            Account alice = accounts.findOrCreateAccount("alice");
            Account bob = accounts.findOrCreateAccount("bob");
            ApiClient a = client(base, accounts.createCredential(alice.id()));
            ApiClient b = client(base, accounts.createCredential(bob.id()));

            // several accounts: a domain is usable once added (docs/api-compatibility.md, "Unregistered push domains")
            assertThat(a.call("AddLiveDomain", json("{\"DomainName\":\"push.example.com\",\"DomainType\":0}"))
                    .has("Error")).isFalse();
            String cbUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
            JsonNode tpl = a.call("CreateLiveCallbackTemplate", json("{\"TemplateName\":\"t\",\"RecordNotifyUrl\":\"" + cbUrl
                    + "\",\"RecordStatusNotifyUrl\":\"" + cbUrl + "\",\"CallbackKey\":\"secret-key\"}"));
            assertThat(tpl.has("Error")).as(tpl.toString()).isFalse();
            JsonNode rule = a.call("CreateLiveCallbackRule", json("{\"DomainName\":\"push.example.com\",\"AppName\":\"live\",\"TemplateId\":"
                    + tpl.get("TemplateId").asLong() + "}"));
            assertThat(rule.has("Error")).as(rule.toString()).isFalse();

            // what the recording engine does with a finished file
            RecordingStore store = server.module(StorageModule.class).recordings();
            // appId 0: the engine only knows the account; storage looks the APPID up
            FinishedRecording r = StorageFixtures.oneFile(store, alice.id(), 0, "e2e1", "task-e2e",
                    RecordFormat.FLV, "cam1_e2e", 3000, 0);
            byte[] content = Files.readAllBytes(r.files().get(0));
            store.commit(r);
            // the recording engine reports status changes in its own words
            server.module(StorageModule.class).notifier().recordStatus(alice.id(), "task-e2e", r.stream(),
                    RecordFormat.FLV, "e2e1", "ended", "task_end");

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            JsonNode event = received.stream().filter(n -> n.get("event_type").asInt() == 100).findFirst().orElseThrow();
            assertThat(event.get("sign").asText()).isEqualTo(CallbackSigner.sign("secret-key", event.get("t").asLong()));
            assertThat(event.get("appid").asLong()).isEqualTo(alice.appId());
            assertThat(event.get("task_id").asText()).isEqualTo("task-e2e");
            JsonNode status = received.stream().filter(n -> n.get("event_type").asInt() == 332).findFirst().orElseThrow();
            assertThat(status.get("appid").asLong()).isEqualTo(alice.appId());
            assertThat(status.get("record_event").asText()).isEqualTo("record_ended");
            assertThat(status.get("errmsg").asText()).isEqualTo("task_end");

            // the video_url plays as is
            HttpClient http = HttpClient.newHttpClient();
            var video = http.send(HttpRequest.newBuilder(URI.create(event.get("video_url").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(video.statusCode()).isEqualTo(200);
            assertThat(video.body()).isEqualTo(content);

            // listing over the signed API, per account
            JsonNode files = a.call("DescribeRecordFiles", json("{\"TaskId\":\"task-e2e\"}"));
            assertThat(files.get("TotalNum").asLong()).as(files.toString()).isEqualTo(1);
            JsonNode f = files.get("RecordFileList").get(0);
            assertThat(f.get("FileId").asText()).isEqualTo(event.get("file_id").asText());
            assertThat(f.get("FileSize").asLong()).isEqualTo(3000);
            var play = http.send(HttpRequest.newBuilder(URI.create(f.get("PlayUrl").asText())).header("Range", "bytes=0-9").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(play.statusCode()).isEqualTo(206);
            assertThat(b.call("DescribeRecordFiles", json("{\"TaskId\":\"task-e2e\"}")).get("TotalNum").asLong()).isZero();
            JsonNode bad = a.call("DescribeRecordFiles", json("{\"TaskId\":\"x\",\"Bogus\":1}"));
            assertThat(bad.at("/Error/Code").asText()).isEqualTo("UnknownParameter");

            JsonNode deliveries = a.call("DescribeCallbackDeliveries", json("{\"Status\":\"delivered\"}"));
            assertThat(deliveries.get("TotalNum").asLong()).isEqualTo(2);
            assertThat(b.call("DescribeCallbackDeliveries", json("{}")).get("TotalNum").asLong()).isZero();
            long id = deliveries.get("DeliveryList").get(0).get("DeliveryId").asLong();
            assertThat(b.call("RetryCallbackDelivery", json("{\"DeliveryId\":" + id + "}")).at("/Error/Code").asText())
                    .isEqualTo("ResourceNotFound");
            assertThat(a.call("RetryCallbackDelivery", json("{\"DeliveryId\":" + id + "}")).has("Error")).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        } finally {
            receiver.stop(0);
        }
    }

    private static ApiClient client(String base, Credential c) {
        return new ApiClient(ApiClient.defaultHttpClient(), URI.create(base + "/"), c.secretId(), c.secretKey(),
                "ap-guangzhou", "en-US");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
