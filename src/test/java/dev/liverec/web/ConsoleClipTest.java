package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.rtmp.Ffmpeg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's clip (issue 13): on the recordings page, a range selected under a stream's timeline becomes an MP4
 * clip (CreateRecordClip) that plays in the page and joins the timeline and the files with a download link.
 */
@Tag("slow")
class ConsoleClipTest {
    private static final String DOMAIN = "clip.console.test";

    @TempDir
    Path dir;
    private NodeFixture node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    @Test
    void selectARangeClipItAndPlayTheClip() throws Exception {
        node = new NodeFixture(dir, cfg -> {});
        node.addDomain(DOMAIN);
        long flv = node.api("CreateLiveRecordTemplate", Map.of("TemplateName", "flv",
                "FlvParam", Map.of("Enable", 1))).path("TemplateId").asLong();
        long now = System.currentTimeMillis() / 1000;
        node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "cam",
                "StartTime", now, "EndTime", now + 600, "TemplateId", flv));
        Process ff = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 8), node.pushUrl(DOMAIN, "live", "cam"), true);
        assertThat(ff.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> filter = Map.of("DomainName", DOMAIN, "StreamName", "cam");
        await().atMost(Duration.ofSeconds(30)).until(() -> node.api("DescribeRecordFiles", filter).path("TotalNum").asInt() == 1);
        JsonNode file = node.api("DescribeRecordFiles", filter).at("/RecordFileList/0");

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("url", node.url());
        run.put("flow", "clip");
        run.put("secretId", node.cred.secretId());
        run.put("secretKey", node.cred.secretKey());
        run.put("stream", Map.of("domain", DOMAIN, "app", "live", "name", "cam"));
        run.put("clipStart", file.path("StartTime").asLong() + 2);
        run.put("clipEnd", file.path("StartTime").asLong() + 6);
        run.put("screenshots", Path.of("target/console-screenshots/clip").toAbsolutePath().toString());
        String out = BrowserRun.run(run);
        assertThat(out).contains(" 0 failed").doesNotContain("FAIL");
        assertThat(node.api("DescribeRecordFiles", filter).path("TotalNum").asInt()).isEqualTo(2);
    }
}
