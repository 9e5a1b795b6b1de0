package dev.liverec.web.playback;

import dev.liverec.control.TestDatabases;
import dev.liverec.db.ClusterSettings;
import dev.liverec.db.Database;
import dev.liverec.storage.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybackUrlsTest {
    @TempDir
    Path tmp;

    @Test
    void generatedSecretIsClusterWideStableAndRandom() throws Exception {
        try (Database db = open("db1"); Database other = open("db2")) {
            ClusterSettings cluster = new ClusterSettings(db.jdbi(), Clock.systemUTC());
            byte[] k1 = PlaybackUrls.loadSecret(null, cluster, Files.createDirectories(tmp.resolve("node-a")));
            assertThat(k1).hasSize(32);
            assertThat(PlaybackUrls.loadSecret("", cluster, tmp.resolve("node-a"))).isEqualTo(k1); // after a restart
            // another node of the same database: the same key, whatever its own data directory holds
            Path nodeB = Files.createDirectories(tmp.resolve("node-b"));
            Files.writeString(nodeB.resolve("playback.key"), "ab".repeat(32));
            assertThat(PlaybackUrls.loadSecret(null, cluster, nodeB)).isEqualTo(k1);
            // no fixed secret: another database generates its own
            assertThat(PlaybackUrls.loadSecret(null, new ClusterSettings(other.jdbi(), Clock.systemUTC()),
                    tmp.resolve("node-a"))).isNotEqualTo(k1);
            assertThat(PlaybackUrls.loadSecret("configured-secret-value", cluster, nodeB))
                    .isEqualTo("configured-secret-value".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> new PlaybackUrls("short".getBytes(), new MutableClock(Instant.now())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theKeyAnEarlierVersionKeptOnDiskBecomesTheClusterKey() throws Exception {
        try (Database db = open("db3")) {
            Path data = Files.createDirectories(tmp.resolve("upgraded"));
            Files.writeString(data.resolve("playback.key"), "0f".repeat(32) + "\n");
            byte[] k = PlaybackUrls.loadSecret(null, new ClusterSettings(db.jdbi(), Clock.systemUTC()), data);
            assertThat(HexFormat.of().formatHex(k)).isEqualTo("0f".repeat(32)); // URLs already handed out stay valid
        }
    }

    private Database open(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        return Database.open(TestDatabases.fresh(TestDatabases.H2, dir), dir);
    }

    @Test
    void signaturesBindFileAndExpiry() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        PlaybackUrls urls = new PlaybackUrls("0123456789abcdef0123".getBytes(), clock);
        PlaybackUrls otherKey = new PlaybackUrls("0123456789abcdef0124".getBytes(), clock);
        String path = urls.path("f0123456789ab", "x.flv", 60);
        String[] p = path.split("/");
        assertThat(p[1]).isEqualTo("vod");
        assertThat(p[3]).isEqualTo(Long.toString(clock.instant().getEpochSecond() + 60));
        assertThat(urls.verify("f0123456789ab", p[3], p[4])).isTrue();
        assertThat(otherKey.verify("f0123456789ab", p[3], p[4])).isFalse();
        assertThat(urls.verify("f0123456789ac", p[3], p[4])).isFalse();
        assertThat(urls.verify("f0123456789ab", p[3] + "0", p[4])).isFalse();
        assertThat(urls.verify("f0123456789ab", "-1", p[4])).isFalse();
        assertThat(urls.verify("f0123456789ab", null, p[4])).isFalse();
        assertThat(urls.verify("f0123456789ab", p[3], null)).isFalse();
        clock.advanceSeconds(60);
        assertThat(urls.verify("f0123456789ab", p[3], p[4])).isTrue(); // valid through its exp second
        clock.advanceSeconds(1);
        assertThat(urls.verify("f0123456789ab", p[3], p[4])).isFalse();
    }
}
