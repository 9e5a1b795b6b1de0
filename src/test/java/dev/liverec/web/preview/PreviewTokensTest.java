package dev.liverec.web.preview;

import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewTokensTest {
    private final StreamKey key = new StreamKey("d.example", "live", "s");

    @Test
    void aTokenIsBoundToAccountStreamAndExpiry() {
        PreviewTokens t = new PreviewTokens();
        String token = t.token(7, key, 1000);
        assertThat(t.valid(token, 7, key, 1000, 999)).isTrue();
        assertThat(t.valid(token, 7, key, 1000, 1000)).isTrue();
        assertThat(t.valid(token, 7, key, 1000, 1001)).as("expired").isFalse();
        assertThat(t.valid(token, 8, key, 1000, 999)).as("other account").isFalse();
        assertThat(t.valid(token, 7, new StreamKey("d.example", "live", "t"), 1000, 999)).as("other stream").isFalse();
        assertThat(t.valid(token, 7, key, 2000, 999)).as("extended expiry").isFalse();
        assertThat(t.valid(null, 7, key, 1000, 999)).isFalse();
        assertThat(new PreviewTokens().valid(token, 7, key, 1000, 999)).as("another node's key").isFalse();
    }
}
