package dev.liverec.interop;

import dev.liverec.api.ApiAction;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.ControlModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Tencent Cloud Node.js SDK, unchanged, against a full liverec node (every default module, HTTP and
 * RTMP on port 0, temp data dir): {@code interop/sdk-interop.mjs} runs every control-plane action with two
 * accounts, success and error paths (including one account trying to see, stop and delete the other's task), and
 * prints a JSON summary that is checked here.
 */
class NodeSdkControlPlaneTest {
    @TempDir
    Path dir;

    @Test
    void everyControlActionThroughTheNodeSdk() throws Exception {
        NodeSdkScript.assumeInstalled();
        try (LiverecServer server = LiverecServer.start(NodeSdkHistoryTest.config(dir), Clock.systemUTC())) {
            NodeSdkScript.Summary summary = NodeSdkScript.run(server, "sdk-interop.mjs", 120);
            assertThat(summary.passed()).isGreaterThanOrEqualTo(110); // every check in the script

            List<String> mine = ControlModule.actions(null, null).stream().map(ApiAction::name).toList();
            assertThat(summary.actions()).containsAll(mine);
            assertThat(server.context().actions().names()).containsAll(mine);
        }
    }
}
