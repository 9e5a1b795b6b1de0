package dev.liverec.notify;

import dev.liverec.api.callback.DescribeCallbackDeliveries;
import dev.liverec.api.callback.RetryCallbackDelivery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.config.CallbackConfig;
import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.storage.LocalStore;
import dev.liverec.storage.RecordingArchive;
import dev.liverec.storage.StorageFixtures;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamInfo;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Callback delivery against a real local HTTP receiver that fails on purpose. */
class CallbackDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Database db;
    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();
    volatile int failStatus = 500;
    final StorageFixtures.CallbackRules rules = new StorageFixtures.CallbackRules();
    CallbackOutbox outbox;
    CallbackConfig cfg;
    RecordingArchive archive;
    CallbackEvents events;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    CallbackSender sender;

    record Received(Instant at, JsonNode body, String contentType) {}

    @BeforeEach
    void setUp() throws IOException {
        DbConfig dbc = new DbConfig();
        dbc.url = "jdbc:h2:mem:cb" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        db = Database.open(dbc, tmp);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(Instant.now(), JSON.readTree(body), ex.getRequestHeaders().getFirst("Content-Type")));
            int code = failFirst.getAndDecrement() > 0 ? failStatus : 200;
            byte[] reply = "{\"code\":0}".getBytes();
            ex.sendResponseHeaders(code, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        receiver.start();
        rules.bind(1, StorageFixtures.STREAM.domain(), "live", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb",
                "mycallbackkey");
        outbox = new CallbackOutbox(db.jdbi());
        cfg = new CallbackConfig();
        cfg.retryIntervalSeconds = 1;
        cfg.maxAttempts = 4;
        cfg.pollMillis = 100;
        cfg.timeoutSeconds = 2;
        events = new CallbackEvents(outbox, rules::callbackTemplateFor, a -> a * 1000, f -> "http://h/vod/" + f.fileId(),
                cfg, Clock.systemUTC(), "127.0.0.1", Runnable::run);
        archive = new RecordingArchive(tmp.resolve("recording"), new LocalStore(tmp.resolve("records"), 0), null,
                new dev.liverec.storage.RecordFileIndex(db.jdbi()), events, Clock.systemUTC(), "n1", metrics);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sender != null) sender.close();
        receiver.stop(0);
        db.close();
    }

    private CallbackSender newSender(String owner) {
        CallbackSender s = new CallbackSender(outbox, cfg, Clock.systemUTC(), owner, metrics);
        s.start();
        return s;
    }

    @Test
    void signMatchesTheDerivedVector() throws Exception {
        JsonNode v = dev.liverec.SpecVectors.all().get("callback_sign_vectors").get(0);
        assertThat(CallbackSigner.sign(v.at("/inputs/callback_key").asText(), v.at("/inputs/t").asLong()))
                .isEqualTo(v.at("/expected/sign").asText());
    }

    @Test
    void retriesUntilHttp200WithEveryTencentField() throws Exception {
        failFirst.set(2);
        archive.commit(StorageFixtures.oneFile(archive, 1, 1251000, "recA", null, RecordFormat.FLV, "cam1_x", 1000, 0));
        sender = newSender("node-a");
        await().atMost(Duration.ofSeconds(15)).until(() -> outbox.list(1, Delivery.DELIVERED, null, null, 0, 1).total() == 1);
        assertThat(received).hasSize(3);
        // retries spaced by the configured interval
        assertThat(Duration.between(received.get(0).at(), received.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        Delivery d = outbox.list(1, null, null, null, 0, 1).deliveries().get(0);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.lastHttpStatus()).isEqualTo(200);
        for (Received r : received) {
            JsonNode b = r.body();
            assertThat(r.contentType()).isEqualTo("application/json");
            long t = b.get("t").asLong();
            assertThat(t).isGreaterThan(Instant.now().getEpochSecond()); // an expiry in the future
            assertThat(b.get("sign").asText()).isEqualTo(CallbackSigner.sign("mycallbackkey", t));
        }
        JsonNode b = received.get(2).body();
        for (String field : List.of("event_type", "appid", "app", "appname", "stream_id", "channel_id", "file_id",
                "record_file_id", "file_format", "task_id", "start_time", "end_time", "start_time_usec",
                "end_time_usec", "duration", "file_size", "stream_param", "video_url", "media_start_time",
                "record_bps", "callback_ext", "sign", "t", "record_status", "split_reason", "first_frame_utc",
                "sha256", "recovered")) {
            assertThat(b.has(field)).as(field).isTrue();
        }
        assertThat(b.get("event_type").asInt()).isEqualTo(100);
        assertThat(b.get("appid").asLong()).isEqualTo(1251000);
        assertThat(b.get("app").asText()).isEqualTo("push.example.com");
        assertThat(b.get("appname").asText()).isEqualTo("live");
        assertThat(b.get("stream_id").asText()).isEqualTo("cam1");
        assertThat(b.get("file_format").asText()).isEqualTo("flv");
        assertThat(b.get("duration").asLong()).isEqualTo(60);
        assertThat(b.get("file_size").asLong()).isEqualTo(1000);
        assertThat(b.get("start_time").asLong()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z").getEpochSecond());
        assertThat(b.get("start_time_usec").asLong()).isEqualTo(250_000);
        assertThat(b.get("stream_param").asText()).isEqualTo("txSecret=abc&txTime=5f5e1000");
        assertThat(b.get("callback_ext").isTextual()).isTrue();
        assertThat(JSON.readTree(b.get("callback_ext").asText()).get("resolution").asText()).isEqualTo("1280x720");
        assertThat(b.get("record_status").asText()).isEqualTo("completed");
        assertThat(b.get("recovered").asBoolean()).isFalse();
        assertThat(b.get("sha256").asText()).hasSize(64);
        assertThat(metrics.counter("liverec_callback_deliveries_total", "event", "record", "result", "retry").count()).isEqualTo(2);
        assertThat(metrics.counter("liverec_callback_deliveries_total", "event", "record", "result", "delivered").count()).isEqualTo(1);
    }

    @Test
    void pendingDeliveriesSurviveASenderRestart() throws Exception {
        failFirst.set(1);
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recB", "task-9", RecordFormat.MP4, "n", 10, 0));
        sender = newSender("node-a");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        sender.close(); // "crash" after a failed attempt
        sender = null;
        Thread.sleep(1500);
        assertThat(received).hasSize(1);
        sender = newSender("node-a-restarted");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.list(1, Delivery.DELIVERED, null, null, 0, 1).total() == 1);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).body().has("stream_param")).isFalse(); // CreateRecordTask files carry none
    }

    @Test
    void aLeaseHeldByADeadNodeIsTakenOverWhenItRunsOut() throws Exception {
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recC", null, RecordFormat.FLV, "n", 10, 0));
        long now = System.currentTimeMillis();
        assertThat(outbox.claimDue("dead-node", now, now + 2000, 10)).hasSize(1);
        assertThat(outbox.claimDue("other-node", now, now + 2000, 10)).isEmpty(); // no double claim
        sender = newSender("node-b");
        Thread.sleep(1000);
        assertThat(received).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    }

    @Test
    void givesUpAfterMaxAttemptsAndRetryNowSendsAgainForTheOwnerOnly() throws Exception {
        cfg.maxAttempts = 2;
        failFirst.set(2);
        failStatus = 404;
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recD", null, RecordFormat.FLV, "n", 10, 0));
        sender = newSender("node-c");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.list(1, Delivery.FAILED, null, null, 0, 1).total() == 1);
        Delivery d = outbox.list(1, null, null, null, 0, 1).deliveries().get(0);
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.lastError()).isEqualTo("HTTP 404");

        var describe = new DescribeCallbackDeliveries(outbox);
        @SuppressWarnings("unchecked")
        var listed = (java.util.Map<String, Object>) describe.handle(call(1, JSON.createObjectNode().put("Status", "failed")));
        assertThat(listed.get("TotalNum")).isEqualTo(1L);
        @SuppressWarnings("unchecked")
        var other = (java.util.Map<String, Object>) describe.handle(call(2, JSON.createObjectNode()));
        assertThat(other.get("TotalNum")).isEqualTo(0L);

        var retry = new RetryCallbackDelivery(outbox, sender, 3, Clock.systemUTC());
        assertThatThrownBy(() -> retry.handle(call(2, JSON.createObjectNode().put("DeliveryId", d.id()))))
                .isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("code", "ResourceNotFound");
        retry.handle(call(1, JSON.createObjectNode().put("DeliveryId", d.id())));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.list(1, Delivery.DELIVERED, null, null, 0, 1).total() == 1);
        assertThat(received).hasSize(3);
    }

    @Test
    void streamBeginAndEndEventsShareTheSequence() throws Exception {
        sender = newSender("node-s");
        StreamHub hub = new StreamHub(Clock.systemUTC(), StreamHub.ConflictPolicy.REFUSE, 1 << 20);
        hub.addListener(new StreamEventListener(events, Runnable::run, Clock.systemUTC()));
        LiveStream s = hub.publish(StorageFixtures.STREAM, 1, new InetSocketAddress("10.1.2.3", 5555),
                "txSecret=abc&txTime=5F5E1000", ImmediateEventExecutor.INSTANCE, () -> {});
        s.setInfo(StreamInfo.UNKNOWN.withVideo("h264", 1280, 720));
        Thread.sleep(30);
        hub.unpublish(s);
        // a stream of an unregistered domain (account 0) and one without a callback rule notify nobody
        hub.unpublish(hub.publish(new StreamKey("other.com", "live", "x"), 0, null, "", ImmediateEventExecutor.INSTANCE, () -> {}));
        hub.unpublish(hub.publish(new StreamKey("push.example.com", "norule", "x"), 1, null, "", ImmediateEventExecutor.INSTANCE, () -> {}));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        Thread.sleep(300);
        assertThat(received).hasSize(2);
        JsonNode begin = received.stream().filter(r -> r.body().get("event_type").asInt() == 1).findFirst().orElseThrow().body();
        JsonNode end = received.stream().filter(r -> r.body().get("event_type").asInt() == 0).findFirst().orElseThrow().body();
        assertThat(begin.get("sequence").asText()).isEqualTo(s.sequence()).isEqualTo(end.get("sequence").asText());
        for (JsonNode b : List.of(begin, end)) {
            assertThat(b.get("app").asText()).isEqualTo("push.example.com");
            assertThat(b.get("appname").asText()).isEqualTo("live");
            assertThat(b.get("stream_id").asText()).isEqualTo("cam1");
            assertThat(b.get("channel_id").asText()).isEqualTo("cam1");
            assertThat(b.get("user_ip").asText()).isEqualTo("10.1.2.3");
            assertThat(b.get("stream_param").asText()).isEqualTo("txSecret=abc&txTime=5F5E1000");
            assertThat(b.get("errcode").asInt()).isZero();
            assertThat(b.get("sign").asText()).isEqualTo(CallbackSigner.sign("mycallbackkey", b.get("t").asLong()));
            assertThat(b.has("event_time") && b.has("node") && b.has("set_id")).isTrue();
        }
        assertThat(begin.get("appid").asLong()).isEqualTo(1000); // looked up from the account
        assertThat(begin.has("push_duration")).isFalse();
        assertThat(end.get("push_duration").isTextual()).isTrue();
        assertThat(Long.parseLong(end.get("push_duration").asText())).isGreaterThanOrEqualTo(30);
        assertThat(end.get("width").asInt()).isEqualTo(1280);
        assertThat(end.get("height").asInt()).isEqualTo(720);
    }

    @Test
    void recordStatusEvents() throws Exception {
        sender = newSender("node-r");
        events.recordStatus(new RecordStatusEvent(1, 1251000, "task-1", StorageFixtures.STREAM, "rec-x", RecordFormat.HLS,
                RecordStatusEvent.Status.START_SUCCEEDED, 0, null, Instant.now()));
        events.recordStatus(new RecordStatusEvent(1, 1251000, "task-1", StorageFixtures.STREAM, "rec-x", RecordFormat.HLS,
                RecordStatusEvent.Status.ERROR, 28, "disk full", Instant.now()));
        // not bound: nothing queued, nothing thrown
        events.recordStatus(new RecordStatusEvent(9, 9, null, StorageFixtures.STREAM, "rec-y", RecordFormat.FLV,
                RecordStatusEvent.Status.ENDED, 0, null, Instant.now()));
        // the recording engine's own words; the APPID comes from the account
        events.recordStatus(1, null, StorageFixtures.STREAM, RecordFormat.FLV, null, "refused", "4th task on the stream");
        events.recordStatus(1, null, StorageFixtures.STREAM, RecordFormat.FLV, "rec-z", "paused", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 4);
        assertThat(received).extracting(r -> r.body().get("record_event").asText())
                .containsExactlyInAnyOrder("record_start_succeeded", "record_error", "record_start_failed", "record_paused");
        JsonNode refused = received.stream().filter(r -> r.body().get("record_event").asText().equals("record_start_failed"))
                .findFirst().orElseThrow().body();
        assertThat(refused.get("appid").asLong()).isEqualTo(1000);
        assertThat(refused.get("errcode").asInt()).isEqualTo(1);
        assertThat(refused.get("errmsg").asText()).isEqualTo("4th task on the stream");
        assertThat(refused.get("record_id").asText()).isEmpty();
        assertThat(refused.get("session_id").asText()).isEmpty();
        JsonNode err = received.stream().filter(r -> r.body().get("errcode").asInt() == 28).findFirst().orElseThrow().body();
        assertThat(err.get("event_type").asInt()).isEqualTo(332);
        assertThat(err.get("errmsg").asText()).isEqualTo("disk full");
        assertThat(err.get("task_id").asText()).isEqualTo("task-1");
        assertThat(err.get("appid").asLong()).isEqualTo(1251000);
        // Tencent's fields: domain (not app), session_id = the task, seq in the session, record_detail a JSON string
        assertThat(err.has("app") || err.has("file_format")).isFalse();
        assertThat(err.get("domain").asText()).isEqualTo(StorageFixtures.STREAM.domain());
        assertThat(err.get("appname").asText()).isEqualTo(StorageFixtures.STREAM.app());
        assertThat(err.get("stream_id").asText()).isEqualTo(StorageFixtures.STREAM.name());
        assertThat(err.get("session_id").asText()).isEqualTo("task-1");
        assertThat(err.get("seq").isTextual()).isTrue();
        assertThat(err.get("seq").asText()).isEqualTo("2");
        assertThat(err.get("record_id").asText()).isEqualTo("rec-x");
        JsonNode detail = new com.fasterxml.jackson.databind.ObjectMapper().readTree(err.get("record_detail").asText());
        assertThat(detail.get("file_format").asInt()).isEqualTo(2);
        assertThat(detail.get("start_model").asInt()).isEqualTo(5);
        JsonNode paused = received.stream().filter(r -> r.body().get("record_event").asText().equals("record_paused"))
                .findFirst().orElseThrow().body();
        assertThat(paused.get("session_id").asText()).isEqualTo("rec-z");
        assertThat(paused.get("seq").asText()).isEqualTo("1");
        assertThat(outbox.list(9, null, null, null, 0, 10).total()).isZero();
    }

    @Test
    void recoveredFilesAreFlagged() throws Exception {
        var r = StorageFixtures.oneFile(archive, 1, 1, "recR", null, RecordFormat.MP4, "n", 10, 0);
        archive.commit(new dev.liverec.storage.FinishedRecording(r.recordingId(), r.accountId(), r.appId(), r.taskId(),
                r.stream(), r.format(), r.name(), r.files(), r.sessionStart(), r.fileStart(), r.fileEnd(),
                r.durationMillis(), r.sizeBytes(), r.videoCodec(), r.audioCodec(), r.width(), r.height(), 0,
                "recovered", r.firstFrameUtc(), true));
        sender = newSender("node-x");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        JsonNode b = received.get(0).body();
        assertThat(b.get("recovered").asBoolean()).isTrue();
        assertThat(b.get("record_status").asText()).isEqualTo("recovered");
        assertThat(b.get("split_reason").asText()).isEqualTo("recovered");
        assertThat(b.get("first_frame_utc").asLong()).isEqualTo(r.firstFrameUtc().toEpochMilli());
    }

    @Test
    void concurrentSendersNeverClaimTheSameDelivery() throws Exception {
        for (int i = 0; i < 20; i++) {
            archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recP" + i, null, RecordFormat.FLV, "n", 10, 0));
        }
        long now = System.currentTimeMillis();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<List<Delivery>>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String owner = "node-" + i;
            futures.add(pool.submit(() -> outbox.claimDue(owner, now, now + 60_000, 20)));
        }
        java.util.Set<Long> ids = new java.util.HashSet<>();
        int total = 0;
        for (var f : futures) {
            for (Delivery d : f.get()) {
                ids.add(d.id());
                total++;
            }
        }
        pool.shutdown();
        assertThat(total).isEqualTo(20);
        assertThat(ids).hasSize(20);
    }

    /** Attempts the single delivery until it leaves {@code pending}, moving the clock to each next attempt. */
    private Delivery driveThroughOutage(dev.liverec.storage.MutableClock clock, Instant receiverBack) {
        while (true) {
            Delivery d = outbox.list(1, null, null, null, 0, 1).deliveries().get(0);
            if (!d.status().equals(Delivery.PENDING)) return d;
            if (d.nextAttempt().isAfter(clock.instant())) {
                clock.advanceSeconds(Duration.between(clock.instant(), d.nextAttempt()).toSeconds() + 1);
                continue;
            }
            if (receiverBack != null && !clock.instant().isBefore(receiverBack)) failFirst.set(0);
            int before = d.attempts();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    outbox.list(1, null, null, null, 0, 1).deliveries().get(0).attempts() > before);
        }
    }

    /** The shipped retry schedule on the fixture's config (its events enqueue with {@code cfg.maxAttempts}). */
    private void useDefaultSchedule() {
        CallbackConfig d = new CallbackConfig();
        cfg.retryIntervalSeconds = d.retryIntervalSeconds;
        cfg.retryBackoff = d.retryBackoff;
        cfg.maxRetryIntervalSeconds = d.maxRetryIntervalSeconds;
        cfg.maxAttempts = d.maxAttempts;
        cfg.pollMillis = 50;
    }

    @Test
    void theDefaultScheduleSurvivesAReceiverDownForAnHour() throws Exception {
        useDefaultSchedule();
        failFirst.set(1_000);
        failStatus = 503;
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recO", null, RecordFormat.FLV, "o", 10, 0));
        var clock = new dev.liverec.storage.MutableClock(Instant.now());
        Instant back = clock.instant().plusSeconds(3600);
        sender = new CallbackSender(outbox, cfg, clock, "node-o", metrics);
        sender.start();
        Delivery d = driveThroughOutage(clock, back);
        assertThat(d.status()).isEqualTo(Delivery.DELIVERED);
        assertThat(d.attempts()).isEqualTo(7); // 0, 1, 3, 7, 15, 31, 61 minutes
        assertThat(metrics.find("liverec_callback_deliveries_total").tag("result", "failed").counter()).isNull();
    }

    @Test
    void aDeliveryFailsOnlyAfterTheWholeScheduleAndIsCounted() throws Exception {
        useDefaultSchedule();
        failFirst.set(1_000);
        failStatus = 503;
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recF", null, RecordFormat.FLV, "f", 10, 0));
        var clock = new dev.liverec.storage.MutableClock(Instant.now());
        Instant first = clock.instant();
        sender = new CallbackSender(outbox, cfg, clock, "node-f", metrics);
        sender.start();
        Delivery d = driveThroughOutage(clock, null);
        assertThat(d.status()).isEqualTo(Delivery.FAILED);
        assertThat(d.attempts()).isEqualTo(cfg.maxAttempts);
        assertThat(Duration.between(first, clock.instant())).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(received).hasSize(cfg.maxAttempts);
        assertThat(metrics.find("liverec_callback_deliveries_total").tag("result", "failed").counter().count()).isEqualTo(1);
    }

    @Test
    void deniedTargetsAreNotCalledWhenTheDenyListIsOn() throws Exception {
        cfg.denyPrivateTargets = true;
        cfg.maxAttempts = 1;
        archive.commit(StorageFixtures.oneFile(archive, 1, 1, "recX", null, RecordFormat.FLV, "x", 10, 0));
        sender = newSender("node-x");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.list(1, Delivery.FAILED, null, null, 0, 1).total() == 1);
        assertThat(received).isEmpty();
        assertThat(outbox.list(1, null, null, null, 0, 1).deliveries().get(0).lastError()).contains("denied address 127.0.0.1");
        assertThat(CallbackTargetPolicy.isPrivate(java.net.InetAddress.getByName("169.254.169.254"))).isTrue();
        assertThat(CallbackTargetPolicy.isPrivate(java.net.InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(CallbackTargetPolicy.isPrivate(java.net.InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(CallbackTargetPolicy.isPrivate(java.net.InetAddress.getByName("203.0.113.7"))).isFalse();
    }

    static ApiCall call(long accountId, ObjectNode params) {
        return new ApiCall("X", new Account(accountId, 1000 + accountId, "a", AccountState.ACTIVE), params, "ap-guangzhou",
                "en-US", "req-1", Instant.now(), "http://127.0.0.1");
    }
}
