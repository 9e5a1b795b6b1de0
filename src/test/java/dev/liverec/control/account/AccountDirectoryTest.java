package dev.liverec.control.account;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AccountDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void cachesFoundCredentialsForAtMostTheTtlAndNeverUnknownOnes() {
        try (Database db = Database.open(new DbConfig(), dir)) {
            AccountStore store = new AccountStore(db.jdbi(), Clock.systemUTC(), new SecretGenerator());
            AtomicLong now = new AtomicLong();
            AccountDirectory d = new AccountDirectory(store, 1_000_000_000L, now::get);
            Account a = store.findOrCreateAccount("acme");
            Credential c = store.createCredential(a.id());
            assertThat(d.resolve(c.secretId())).get().extracting(ResolvedCredential::enabled).isEqualTo(true);

            store.setEnabled(c.secretId(), false);
            store.setState("acme", AccountState.FROZEN);
            now.addAndGet(999_000_000L);
            assertThat(d.resolve(c.secretId()).orElseThrow().enabled()).isTrue(); // still cached
            now.addAndGet(1_000_000L);
            ResolvedCredential fresh = d.resolve(c.secretId()).orElseThrow();
            assertThat(fresh.enabled()).isFalse();
            assertThat(fresh.account().state()).isEqualTo(AccountState.FROZEN);

            // unknown ids are not cached: a credential created later (by the CLI) works at once
            assertThat(d.resolve("AKIDlater")).isEmpty();
            assertThat(store.findAccount("acme")).isPresent();
        }
    }

    @Test
    void generatedSecretsHaveTheDocumentedShapeAndDiffer() {
        SecretGenerator g = new SecretGenerator();
        String id = g.secretId(), key = g.secretKey();
        assertThat(id).matches("AKID[0-9A-Za-z]{32}");
        assertThat(key).matches("[0-9A-Za-z]{40}");
        assertThat(g.secretId()).isNotEqualTo(id);
        assertThat(g.secretKey()).isNotEqualTo(key);
        assertThat(g.appId()).isBetween(1_000_000_000L, 9_999_999_999L);
    }
}
