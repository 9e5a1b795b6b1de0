package dev.liverec.control;

import dev.liverec.stream.StreamDb;
import dev.liverec.stream.ForbiddenStreams;
import dev.liverec.stream.PublishRefusedException;
import dev.liverec.stream.StreamKey;

import dev.liverec.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainPublishAuthorizerTest {
    @TempDir Path dir;
    private Database db;
    private ForbiddenStreams bans;
    private final Map<String, LiveDomain> domains = new HashMap<>();
    private final DomainDirectory directory = name -> Optional.ofNullable(domains.get(name));
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @BeforeEach
    void open() {
        db = StreamDb.open(dir);
        bans = new ForbiddenStreams(db.jdbi());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DomainPublishAuthorizer authorizer(boolean requireRegistered) {
        return new DomainPublishAuthorizer(directory, bans, requireRegistered, clock);
    }

    @Test
    void unregisteredDomainAllowedUnlessRequired() throws Exception {
        StreamKey k = new StreamKey("free.example", "live", "s");
        assertThat(authorizer(false).authorize(k, "", null)).isZero();
        assertThatThrownBy(() -> authorizer(true).authorize(k, "", null))
                .isInstanceOf(PublishRefusedException.class).hasMessageContaining("not registered");
        // no directory published at all (no control plane module): same rules
        assertThat(new DomainPublishAuthorizer(name -> Optional.empty(), bans, false, clock).authorize(k, "", null)).isZero();
    }

    @Test
    void registeredDomainGivesItsAccountAndEnforcesPushAuth() throws Exception {
        domains.put("push.example", new LiveDomain(42, "push.example", 0, true, true, "mk", "bk", 0));
        StreamKey k = new StreamKey("push.example", "live", "cam");
        String tx = Long.toHexString(now.getEpochSecond() + 60).toUpperCase();
        assertThat(authorizer(true).authorize(k, "txSecret=" + PushAuth.txSecret("mk", "cam", tx) + "&txTime=" + tx, null))
                .isEqualTo(42);
        assertThatThrownBy(() -> authorizer(true).authorize(k, "", null)).isInstanceOf(PublishRefusedException.class);
        assertThatThrownBy(() -> authorizer(true).authorize(k, "txSecret=00&txTime=" + tx, null))
                .isInstanceOf(PublishRefusedException.class);
    }

    @Test
    void pushAuthOffNeedsNoSecret() throws Exception {
        domains.put("open.example", new LiveDomain(5, "open.example", 0, true, false, "mk", "", 0));
        assertThat(authorizer(true).authorize(new StreamKey("open.example", "live", "x"), "", null)).isEqualTo(5);
    }

    @Test
    void disabledDomainRefused() {
        domains.put("off.example", new LiveDomain(5, "off.example", 0, false, false, null, null, 0));
        assertThatThrownBy(() -> authorizer(false).authorize(new StreamKey("off.example", "live", "x"), "", null))
                .isInstanceOf(PublishRefusedException.class)
                .satisfies(e -> assertThat(((PublishRefusedException) e).statusCode()).isEqualTo("NetStream.Publish.BadConnection"));
    }

    @Test
    void forbiddenStreamRefusedUntilResumeTimeOrResume() throws Exception {
        StreamKey k = new StreamKey("free.example", "live", "banned");
        bans.forbid(k, 1, now.plusSeconds(60), "test", now);
        assertThatThrownBy(() -> authorizer(false).authorize(k, "", null))
                .isInstanceOf(PublishRefusedException.class).hasMessageContaining("forbidden");
        assertThat(authorizer(false).authorize(new StreamKey("free.example", "live", "other"), "", null)).isZero();
        // past the resume time the ban no longer applies
        var later = new DomainPublishAuthorizer(directory, bans, false,
                Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
        assertThat(later.authorize(k, "", null)).isZero();
        assertThat(bans.resume(k)).isTrue();
        assertThat(authorizer(false).authorize(k, "", null)).isZero();
    }
}
