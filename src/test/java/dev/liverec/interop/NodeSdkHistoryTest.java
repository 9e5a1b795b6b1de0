package dev.liverec.interop;

import dev.liverec.app.LiverecServer;
import dev.liverec.config.LiverecConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The record-adjacent history actions and the event-332 body through the official Node.js SDK on a full node:
 * {@code interop/sdk-history.mjs} receives the callbacks itself, pushes a few seconds with ffmpeg, then checks the
 * 332 bodies against Tencent's fields and every history action (results and parameter errors).
 */
class NodeSdkHistoryTest {
    static final List<String> ACTIONS = List.of("DescribeLiveStreamPublishedList", "DescribeLiveStreamEventList",
            "DescribeCallbackRecordsList", "DescribeConcurrentRecordStreamNum");

    @TempDir
    Path dir;

    static LiverecConfig config(Path dir) {
        LiverecConfig cfg = new LiverecConfig();
        cfg.dataDir = dir.toString();
        cfg.http.host = "127.0.0.1";
        cfg.http.port = 0;
        cfg.rtmp.port = 0;
        return cfg;
    }

    @Test
    void historyActionsAndRecordStatusBodyThroughTheNodeSdk() throws Exception {
        NodeSdkScript.assumeInstalled();
        assumeTrue(new ProcessBuilder("ffmpeg", "-version").start().waitFor() == 0, "ffmpeg is needed");
        LiverecConfig cfg = config(dir);
        cfg.callback.retryIntervalSeconds = 1;
        try (LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC())) {
            NodeSdkScript.Summary summary = NodeSdkScript.run(server, "sdk-history.mjs", 180);
            assertThat(summary.passed()).as(summary.output()).isGreaterThanOrEqualTo(60);
            assertThat(summary.actions()).containsAll(ACTIONS);
            assertThat(server.context().actions().names()).containsAll(ACTIONS);
        }
    }
}
