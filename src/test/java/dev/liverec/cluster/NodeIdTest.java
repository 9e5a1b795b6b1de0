package dev.liverec.cluster;

import dev.liverec.config.LiverecConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeIdTest {
    private static LiverecConfig config(String dataDir, int rtmpPort) {
        LiverecConfig c = new LiverecConfig();
        c.dataDir = dataDir;
        c.rtmp.port = rtmpPort;
        return c;
    }

    @Test
    void theDefaultTellsProcessesOnOneHostApartAndStaysAcrossRestarts() {
        String a = NodeId.of(config("/srv/liverec/a", 1935));
        assertThat(a).matches(".+-[0-9a-f]{8}");
        assertThat(NodeId.of(config("/srv/liverec/a", 1935))).isEqualTo(a);
        assertThat(NodeId.of(config("/srv/liverec/a/../a", 1935))).isEqualTo(a); // the same directory
        assertThat(NodeId.of(config("/srv/liverec/b", 1935))).isNotEqualTo(a);
        assertThat(NodeId.of(config("/srv/liverec/a", 1936))).isNotEqualTo(a);
    }

    @Test
    void configuredIdsWinFromTheFileTheEnvironmentOrTheFlag() throws Exception {
        LiverecConfig c = config("/srv/liverec/a", 1935);
        c.nodeName = " edge-1 ";
        assertThat(NodeId.of(c)).isEqualTo("edge-1");
        LiverecConfig env = LiverecConfig.load(null, Map.of("LIVEREC_NODE_ID", "edge-2"));
        assertThat(NodeId.of(env)).isEqualTo("edge-2");
    }
}
