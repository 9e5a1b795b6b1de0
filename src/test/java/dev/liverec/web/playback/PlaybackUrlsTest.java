package dev.liverec.web.playback;

import dev.liverec.storage.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybackUrlsTest {
    @TempDir
    Path tmp;

    @Test
    void generatedSecretIsPrivateStableAndRandom() throws Exception {
        byte[] k1 = PlaybackUrls.loadSecret(null, tmp);
        assertThat(k1).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("playback.key")))).isEqualTo("rw-------");
        assertThat(PlaybackUrls.loadSecret("", tmp)).isEqualTo(k1); // reused after a restart
        Path other = Files.createDirectories(tmp.resolve("other"));
        assertThat(PlaybackUrls.loadSecret(null, other)).isNotEqualTo(k1); // no fixed secret
        assertThat(PlaybackUrls.loadSecret("configured-secret-value", tmp))
                .isEqualTo("configured-secret-value".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new PlaybackUrls("short".getBytes(), new MutableClock(Instant.now())))
                .isInstanceOf(IllegalArgumentException.class);
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
