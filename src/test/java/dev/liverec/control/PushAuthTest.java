package dev.liverec.control;

import dev.liverec.stream.PublishRefusedException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.control.LiveDomain;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushAuthTest {
    private static final String KEY = "e12c46f2612d5106e2034781ab261ca3";

    private static LiveDomain domain(String master, String backup, long delta) {
        return new LiveDomain(7, "livepush.tcloud.com", 0, true, true, master, backup, delta);
    }

    @Test
    void officialVectorFromSpec() throws Exception {
        JsonNode v = dev.liverec.SpecVectors.all().path("push_auth_vectors").get(0);
        String key = v.path("inputs").path("key").asText();
        String name = v.path("inputs").path("stream_name").asText();
        String txTime = v.path("inputs").path("txTime").asText();
        String secret = v.path("expected").path("txSecret").asText();
        assertThat(PushAuth.txSecret(key, name, txTime)).isEqualTo(secret);
        assertThat(PushAuth.parseTxTime(txTime)).isEqualTo(v.path("inputs").path("expire_unix").asLong());
        Instant before = Instant.ofEpochSecond(v.path("inputs").path("expire_unix").asLong() - 10);
        assertThatCode(() -> PushAuth.verify(domain(key, "", 0), name, Map.of("txSecret", secret, "txTime", txTime), before))
                .doesNotThrowAnyException();
        // txTime is hashed as sent: lowercase hex gives another secret
        assertThat(PushAuth.txSecret(key, name, "5c271099")).isEqualTo("9603387445825a481e6b7496aced5746");
    }

    @Test
    void backupKeyAcceptedMasterChecked() {
        Instant now = Instant.ofEpochSecond(1_546_064_000L);
        String tx = "5C271099";
        LiveDomain d = domain("master-key", "backup-key", 0);
        assertThatCode(() -> PushAuth.verify(d, "s", Map.of("txSecret", PushAuth.txSecret("backup-key", "s", tx), "txTime", tx), now))
                .doesNotThrowAnyException();
        assertThatCode(() -> PushAuth.verify(d, "s", Map.of("txSecret", PushAuth.txSecret("master-key", "s", tx).toUpperCase(), "txTime", tx), now))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> PushAuth.verify(d, "s", Map.of("txSecret", PushAuth.txSecret("other", "s", tx), "txTime", tx), now))
                .isInstanceOf(PublishRefusedException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> PushAuth.verify(d, "other-stream", Map.of("txSecret", PushAuth.txSecret("master-key", "s", tx), "txTime", tx), now))
                .isInstanceOf(PublishRefusedException.class);
        assertThatThrownBy(() -> PushAuth.verify(d, "s", Map.of("txTime", tx), now))
                .isInstanceOf(PublishRefusedException.class).hasMessageContaining("missing");
    }

    @Test
    void expiryIsTxTimePlusAuthDelta() {
        long expire = 1_546_064_025L;
        String tx = Long.toHexString(expire).toUpperCase();
        LiveDomain d = domain("k", "", 300);
        Map<String, String> q = Map.of("txSecret", PushAuth.txSecret("k", "s", tx), "txTime", tx);
        assertThatCode(() -> PushAuth.verify(d, "s", q, Instant.ofEpochSecond(expire + 300))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PushAuth.verify(d, "s", q, Instant.ofEpochSecond(expire + 301)))
                .isInstanceOf(PublishRefusedException.class).hasMessageContaining("expired");
    }

    @Test
    void decimalTxTimeAccepted() {
        String tx = "1546064025";
        assertThat(PushAuth.parseTxTime(tx)).isEqualTo(1_546_064_025L);
        assertThat(PushAuth.parseTxTime("zz")).isEqualTo(-1);
        LiveDomain d = domain("k", "", 0);
        assertThatCode(() -> PushAuth.verify(d, "s", Map.of("txSecret", PushAuth.txSecret("k", "s", tx), "txTime", tx),
                Instant.ofEpochSecond(1_546_064_000L))).doesNotThrowAnyException();
    }
}
