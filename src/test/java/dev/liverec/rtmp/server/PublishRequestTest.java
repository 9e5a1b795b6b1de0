package dev.liverec.rtmp.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishRequestTest {
    @Test
    void domainFromTcUrlHostWithoutPort() {
        PublishRequest r = PublishRequest.parse("rtmp://Push.Example.com:1935/live", "live", "cam?txSecret=a&txTime=B");
        assertThat(r.key().domain()).isEqualTo("push.example.com");
        assertThat(r.key().app()).isEqualTo("live");
        assertThat(r.key().name()).isEqualTo("cam");
        assertThat(r.queryString()).isEqualTo("txSecret=a&txTime=B");
        assertThat(r.query()).containsEntry("txTime", "B");
    }

    @Test
    void domainOrVhostParameterOverridesTheHost() {
        assertThat(PublishRequest.parse("rtmp://127.0.0.1/live", "live", "s?domain=a.example").key().domain()).isEqualTo("a.example");
        assertThat(PublishRequest.parse("rtmp://127.0.0.1/live?vhost=b.example", "live?vhost=b.example", "s").key().domain())
                .isEqualTo("b.example");
        PublishRequest both = PublishRequest.parse("rtmp://h/live?x=1", "live?x=1", "s?y=2");
        assertThat(both.queryString()).isEqualTo("x=1&y=2");
        assertThat(both.key().app()).isEqualTo("live");
    }

    @Test
    void unusableNamesRefused() {
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse(null, "live", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "s?domain=bad/host"))
                .isInstanceOf(IllegalArgumentException.class);
        // the API's rules: at most 255 characters, no ".." anywhere, a domain of at most 253
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "s".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://h/live", "live", "s?domain=" + "d".repeat(5000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublishRequest.parse("rtmp://" + "d".repeat(300) + "/live", "live", "s"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
