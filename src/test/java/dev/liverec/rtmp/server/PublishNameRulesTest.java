package dev.liverec.rtmp.server;

import dev.liverec.rtmp.LeakWatch;
import dev.liverec.rtmp.client.ClientLoops;
import dev.liverec.rtmp.client.RtmpPublisher;
import dev.liverec.stream.PublishAuthorizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RTMP door applies the API's name rules (stream.StreamNames): a name the API or the schema would refuse gets
 * NetStream.Publish.BadName and a closed connection, never Publish.Start (issue 10, D5).
 */
class PublishNameRulesTest {
    private final LeakWatch leaks = LeakWatch.install();
    private final ClientLoops loops = ClientLoops.create(1);
    private RtmpFixture rtmp;

    @BeforeEach
    void start() throws Exception {
        rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL);
    }

    @AfterEach
    void stop() throws Exception {
        loops.close();
        rtmp.close();
        leaks.assertNoLeaks();
    }

    private void refused(String app, String nameWithQuery) throws Exception {
        RtmpPublisher p = RtmpPublisher.connect(loops, rtmp.url(app), nameWithQuery, List.of());
        assertThatThrownBy(() -> p.ready().get(5, TimeUnit.SECONDS)).hasMessageContaining("NetStream.Publish.BadName");
        p.closed().get(5, TimeUnit.SECONDS);
        assertThat(rtmp.hub.online()).isEmpty();
    }

    @Test
    void namesTheApiRefusesAreBadNames() throws Exception {
        refused("live", "s".repeat(256));
        refused("live", "cam?domain=" + "d".repeat(5000));
        refused("live", "cam?domain=" + ("a".repeat(62) + ".").repeat(4) + "cc"); // good labels, 254 characters
        refused("live", "a..b");
        refused("a".repeat(256), "cam");
        refused("live", "cam?domain=under_score.example");
    }

    @Test
    void namesAtTheLimitsArePublished() throws Exception {
        String name = "s".repeat(255);
        String domain = ("a".repeat(62) + ".").repeat(4) + "c"; // 253 characters
        RtmpPublisher p = RtmpPublisher.connect(loops, rtmp.url("live"), name + "?domain=" + domain, List.of());
        p.ready().get(5, TimeUnit.SECONDS);
        assertThat(rtmp.hub.online()).singleElement().satisfies(s -> {
            assertThat(s.key().name()).isEqualTo(name);
            assertThat(s.key().domain()).isEqualTo(domain);
        });
        p.close().sync();
    }
}
