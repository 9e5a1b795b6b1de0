package dev.liverec.web;

import dev.liverec.rtmp.Ffmpeg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watch while recording in the console (issue 13): ffmpeg publishes in real time, a task records HLS with the
 * default settings; in headless Chromium the task's file is listed as recording and its live EVENT playlist plays
 * (currentTime advances, at most 10 s behind the live edge); the task stops and the same player, on the same URL,
 * plays on to ENDLIST. The figures (latency behind the edge and the publisher) are printed by the script.
 * Screenshots: target/console-screenshots/watch/.
 */
@Tag("slow")
class ConsoleWatchLiveTest {
    private static final String DOMAIN = "push.watch.console.test";

    @TempDir
    Path dir;

    private NodeFixture node;
    private Process ffmpeg;

    @AfterEach
    void stop() {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (node != null) node.close();
    }

    @Test
    void theFileBeingRecordedPlaysLiveThenToEndlistOnTheSameUrl() throws Exception {
        node = new NodeFixture(dir, cfg -> { });
        node.addDomain(DOMAIN);
        ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i",
                Ffmpeg.clip("av-nobf", 10).toString(), "-c", "copy", "-f", "flv", node.pushUrl(DOMAIN, "live", "cam"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long now = System.currentTimeMillis() / 1000;
        String taskId = node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live",
                "StreamName", "cam", "StartTime", now, "EndTime", now + 600)).path("TaskId").asText();

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("url", node.url());
        run.put("flow", "watch");
        run.put("secretId", node.cred.secretId());
        run.put("secretKey", node.cred.secretKey());
        run.put("taskId", taskId);
        run.put("watchMillis", 10000);
        run.put("screenshots", Path.of("target/console-screenshots/watch").toAbsolutePath().toString());
        String out = BrowserRun.run(run);
        assertThat(out).contains(" 0 failed").doesNotContain("FAIL").contains("figure: player behind the live edge");
    }
}
