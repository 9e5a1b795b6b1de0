package dev.liverec.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.app.ApiModule;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import dev.liverec.cli.ApiClient;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.storage.StorageFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
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
 * CreateRecordClip end to end: two FLV recordings of one stream (two pushes), a clip from the middle of the first to
 * the middle of the second remuxed to MP4, which ffprobe reads and ffmpeg decodes without an error, lasting the
 * requested range within one GOP (2 s), and the same range as an HLS clip (TS segments, a playlist with ENDLIST)
 * that plays the same way; its event 100 arrives, DescribeRecordFiles lists it, another account cannot
 * clip the stream; clips of an HLS and of an MP4 recording, and one across an HLS, an MP4 and an FLV file (three
 * pushes, each recorded by a task in one format); and the parameters are checked with the Tencent error codes.
 */
class RecordClipEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordClipEndToEndTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "push.clip.test";

    @TempDir
    Path tmp;

    @Test
    void clipAcrossTwoFlvFilesPlaysAndIsAnnounced() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        Path media = Ffmpeg.clip("av-nobf", 8);
        try (LiverecServer server = LiverecServer.start(config(), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            AccountStore accounts = server.module(ApiModule.class).accounts().store();
            ApiClient api = client(accounts, "clip-owner", base);
            ApiClient other = client(accounts, "clip-other", base);
            call(api, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
            call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\",\"Enable\":0}");
            String cb = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
            long cbTpl = call(api, "CreateLiveCallbackTemplate", "{\"TemplateName\":\"c\",\"RecordNotifyUrl\":\"" + cb
                    + "\",\"CallbackKey\":\"k\"}").get("TemplateId").asLong();
            call(api, "CreateLiveCallbackRule", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"TemplateId\":" + cbTpl + "}");
            long flvTpl = call(api, "CreateLiveRecordTemplate", "{\"TemplateName\":\"flv\",\"FlvParam\":{\"Enable\":1}}")
                    .get("TemplateId").asLong();
            long now = System.currentTimeMillis() / 1000;
            call(api, "CreateRecordTask", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"StreamName\":\"cam\","
                    + "\"StartTime\":" + now + ",\"EndTime\":" + (now + 600) + ",\"TemplateId\":" + flvTpl + "}");
            String url = "rtmp://127.0.0.1:" + server.module(RtmpModule.class).server().port() + "/live/cam?domain=" + DOMAIN;
            for (int push = 1; push <= 2; push++) {
                Process ff = Ffmpeg.publish(media, url, true);
                assertThat(ff.waitFor(60, TimeUnit.SECONDS)).isTrue();
                int files = push;
                await().atMost(Duration.ofSeconds(30)).until(() -> events100(received).size() >= files);
            }
            JsonNode list = call(api, "DescribeRecordFiles", "{\"DomainName\":\"" + DOMAIN + "\",\"StreamName\":\"cam\"}");
            assertThat(list.get("TotalNum").asInt()).isEqualTo(2);
            JsonNode f1 = list.at("/RecordFileList/0"), f2 = list.at("/RecordFileList/1");
            assertThat(f1.get("FileFormat").asText()).isEqualTo("flv");
            long start = f1.get("StartTime").asLong() + 4, end = f2.get("StartTime").asLong() + 4;

            String clipReq = "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\",\"StreamName\":\"cam\",\"StartTime\":"
                    + start + ",\"EndTime\":" + end + "}";
            assertThat(error(other, "CreateRecordClip", clipReq)).isEqualTo("ResourceNotFound");
            assertThat(error(other, "CreateRecordClip", "{\"FileId\":\"" + f1.get("FileId").asText()
                    + "\",\"StartOffset\":0,\"EndOffset\":4}")).isEqualTo("ResourceNotFound");
            long t0 = System.nanoTime();
            JsonNode clip = call(api, "CreateRecordClip", clipReq);
            LOG.info("clip of {} s over two FLV files made in {} ms: {}", end - start, (System.nanoTime() - t0) / 1_000_000, clip);
            assertPlays(clip, end - start);
            // the same cut as HLS: TS segments on keyframes and a playlist with ENDLIST
            t0 = System.nanoTime();
            JsonNode hlsClip = call(api, "CreateRecordClip", clipReq.replace("}", ",\"ClipFormat\":\"hls\"}"));
            LOG.info("HLS clip of {} s over two FLV files made in {} ms: {}", end - start,
                    (System.nanoTime() - t0) / 1_000_000, hlsClip);
            assertPlays(hlsClip, "hls", end - start);
            String playlist = new String(URI.create(hlsClip.get("PlayUrl").asText()).toURL().openStream().readAllBytes(),
                    StandardCharsets.US_ASCII);
            assertThat(playlist).contains("#EXT-X-ENDLIST").contains("-00002.ts");

            String clipId = clip.get("FileId").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> events100(received).stream()
                    .anyMatch(b -> b.get("file_id").asText().equals(clipId)));
            JsonNode event = events100(received).stream().filter(b -> b.get("file_id").asText().equals(clipId)).findFirst().orElseThrow();
            assertThat(event.get("file_format").asText()).isEqualTo("mp4");
            assertThat(event.get("stream_id").asText()).isEqualTo("cam");
            JsonNode after = call(api, "DescribeRecordFiles", "{\"DomainName\":\"" + DOMAIN + "\",\"StreamName\":\"cam\"}");
            assertThat(after.get("TotalNum").asInt()).isEqualTo(4);
            assertThat(after.findValuesAsText("FileId")).contains(clipId);

            // a media-time clip of one file: its first 5 s
            JsonNode part = call(api, "CreateRecordClip", "{\"FileId\":\"" + f2.get("FileId").asText()
                    + "\",\"StartOffset\":0,\"EndOffset\":5}");
            assertThat(StorageFixtures.probeDuration(part.get("PlayUrl").asText())).isBetween(4.0, 5.5);
            // a clip is not a clip source
            assertThat(error(api, "CreateRecordClip", "{\"FileId\":\"" + clipId + "\",\"StartOffset\":0,\"EndOffset\":4}"))
                    .isEqualTo("InvalidParameterValue");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void clipsOfHlsAndMp4RecordingsAndAcrossHlsMp4AndFlvFiles() throws Exception {
        Path media = Ffmpeg.clip("av-nobf", 8);
        try (LiverecServer server = LiverecServer.start(config(), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            ApiClient api = client(server.module(ApiModule.class).accounts().store(), "clip-hls", base);
            call(api, "AddLiveDomain", "{\"DomainName\":\"" + DOMAIN + "\",\"DomainType\":0}");
            call(api, "ModifyLivePushAuthKey", "{\"DomainName\":\"" + DOMAIN + "\",\"Enable\":0}");
            String url = "rtmp://127.0.0.1:" + server.module(RtmpModule.class).server().port() + "/live/cam?domain=" + DOMAIN;
            String describe = "{\"DomainName\":\"" + DOMAIN + "\",\"StreamName\":\"cam\"}";
            int files = 0;
            for (String param : List.of("HlsParam", "Mp4Param", "FlvParam")) { // one push recorded in each format
                long tpl = call(api, "CreateLiveRecordTemplate", "{\"TemplateName\":\"t" + files + "\",\"" + param
                        + "\":{\"Enable\":1}}").get("TemplateId").asLong();
                long now = System.currentTimeMillis() / 1000;
                String task = call(api, "CreateRecordTask", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\","
                        + "\"StreamName\":\"cam\",\"StartTime\":" + now + ",\"EndTime\":" + (now + 600)
                        + ",\"TemplateId\":" + tpl + "}").get("TaskId").asText();
                Process ff = Ffmpeg.publish(media, url, true);
                assertThat(ff.waitFor(60, TimeUnit.SECONDS)).isTrue();
                int expected = ++files;
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        call(api, "DescribeRecordFiles", describe).get("TotalNum").asInt() >= expected);
                call(api, "StopRecordTask", "{\"TaskId\":\"" + task + "\"}");
            }
            JsonNode list = call(api, "DescribeRecordFiles", describe);
            JsonNode hls = list.at("/RecordFileList/0"), mp4 = list.at("/RecordFileList/1"), flv = list.at("/RecordFileList/2");
            assertThat(List.of(hls, mp4, flv)).extracting(f -> f.get("FileFormat").asText()).containsExactly("hls", "mp4", "flv");

            JsonNode part = call(api, "CreateRecordClip", "{\"FileId\":\"" + hls.get("FileId").asText()
                    + "\",\"StartOffset\":2,\"EndOffset\":7}");
            assertPlays(part, 5);
            assertPlays(call(api, "CreateRecordClip", "{\"FileId\":\"" + mp4.get("FileId").asText()
                    + "\",\"StartOffset\":2,\"EndOffset\":7}"), 5);
            long start = hls.get("StartTime").asLong() + 4, end = flv.get("StartTime").asLong() + 4;
            long t0 = System.nanoTime();
            JsonNode across = call(api, "CreateRecordClip", "{\"DomainName\":\"" + DOMAIN + "\",\"AppName\":\"live\","
                    + "\"StreamName\":\"cam\",\"StartTime\":" + start + ",\"EndTime\":" + end + "}");
            LOG.info("clip of {} s over an HLS, an MP4 and an FLV file made in {} ms: {}", end - start,
                    (System.nanoTime() - t0) / 1_000_000, across);
            assertPlays(across, end - start);
        }
    }

    /** ffprobe reads the clip's URL with the requested duration (plus up to one 2 s GOP before it), ffmpeg decodes it cleanly. */
    private static void assertPlays(JsonNode clip, long seconds) throws Exception {
        assertPlays(clip, "mp4", seconds);
    }

    private static void assertPlays(JsonNode clip, String format, long seconds) throws Exception {
        assertThat(clip.get("FileFormat").asText()).isEqualTo(format);
        String playUrl = clip.get("PlayUrl").asText();
        assertThat(StorageFixtures.probeDuration(playUrl)).isBetween(seconds - 1.0, seconds + 2.0 + 0.5);
        Process decode = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", playUrl, "-f", "null", "-")
                .redirectErrorStream(true).start();
        String errors = new String(decode.getInputStream().readAllBytes()).trim();
        assertThat(decode.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(decode.exitValue()).isZero();
        assertThat(errors).isEmpty();
    }

    @Test
    void parametersAreCheckedWithTencentCodes() throws Exception {
        try (LiverecServer server = LiverecServer.start(config(), Clock.systemUTC())) {
            ApiClient api = client(server.module(ApiModule.class).accounts().store(), "clip-params",
                    "http://127.0.0.1:" + server.httpPort());
            String stream = "\"DomainName\":\"" + DOMAIN + "\",\"StreamName\":\"cam\"";
            assertThat(error(api, "CreateRecordClip", "{}")).isEqualTo("MissingParameter");
            assertThat(error(api, "CreateRecordClip", "{\"DomainName\":\"" + DOMAIN + "\",\"StartTime\":1,\"EndTime\":2}"))
                    .isEqualTo("MissingParameter");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"EndTime\":2}")).isEqualTo("MissingParameter");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":10,\"EndTime\":10}"))
                    .isEqualTo("InvalidParameterValue");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":10,\"EndTime\":" + (10 + 3601) + "}"))
                    .isEqualTo("InvalidParameterValue");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":\"soon\",\"EndTime\":20}"))
                    .isEqualTo("InvalidParameter");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":10,\"EndTime\":20,\"Speed\":2}"))
                    .isEqualTo("UnknownParameter");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":10,\"EndTime\":20,\"ClipFormat\":\"mkv\"}"))
                    .isEqualTo("InvalidParameterValue");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":10,\"EndTime\":20,\"ClipFormat\":\"HLS\"}"))
                    .isEqualTo("ResourceNotFound"); // hls in any case is accepted
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartOffset\":0,\"EndOffset\":20}"))
                    .isEqualTo("InvalidParameter");
            assertThat(error(api, "CreateRecordClip", "{\"FileId\":\"x\"," + stream + ",\"StartOffset\":0,\"EndOffset\":2}"))
                    .isEqualTo("InvalidParameter");
            assertThat(error(api, "CreateRecordClip", "{\"FileId\":\"x\",\"StartOffset\":0}")).isEqualTo("MissingParameter");
            assertThat(error(api, "CreateRecordClip", "{\"FileId\":\"x\",\"StartOffset\":-1,\"EndOffset\":2}"))
                    .isEqualTo("InvalidParameterValue");
            assertThat(error(api, "CreateRecordClip", "{\"FileId\":\"x\",\"StartOffset\":0,\"EndOffset\":2}"))
                    .isEqualTo("ResourceNotFound");
            assertThat(error(api, "CreateRecordClip", "{" + stream + ",\"StartTime\":10,\"EndTime\":20}"))
                    .isEqualTo("ResourceNotFound");
        }
    }

    private LiverecConfig config() {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = tmp.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.host = "127.0.0.1";
        cfg.rtmp.port = 0;
        cfg.callback.pollMillis = 200;
        return cfg;
    }

    private static ApiClient client(AccountStore accounts, String name, String base) {
        Account acct = accounts.findOrCreateAccount(name);
        Credential cred = accounts.createCredential(acct.id());
        return new ApiClient(ApiClient.defaultHttpClient(), URI.create(base + "/"), cred.secretId(), cred.secretKey(),
                "ap-guangzhou", "en-US");
    }

    private static List<JsonNode> events100(List<JsonNode> received) {
        return received.stream().filter(b -> b.path("event_type").asInt() == 100).toList();
    }

    private static String error(ApiClient api, String action, String json) throws Exception {
        JsonNode r = api.call(action, json.getBytes(StandardCharsets.UTF_8));
        return r.path("Error").path("Code").asText();
    }

    private static JsonNode call(ApiClient api, String action, String json) throws Exception {
        JsonNode r = api.call(action, json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.has("Error")).as(action + ": " + r).isFalse();
        return r;
    }
}
