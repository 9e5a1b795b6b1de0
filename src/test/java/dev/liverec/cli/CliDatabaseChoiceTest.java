package dev.liverec.cli;

import dev.liverec.config.DbConfig;
import dev.liverec.config.LiverecConfig;
import dev.liverec.control.TestDatabases;
import dev.liverec.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential/account commands open the database serve uses (config file, environment) and never create a stray
 * embedded one: not beside a server that uses PostgreSQL, not where no database exists unless asked to.
 */
class CliDatabaseChoiceTest {
    @TempDir
    Path tmp;

    @Test
    void theConfigFileOfServeLeadsToItsDatabase() throws Exception {
        DbConfig pg = TestDatabases.fresh(TestDatabases.POSTGRES, tmp);
        Path data = tmp.resolve("node");
        Path config = Files.writeString(tmp.resolve("liverec.yaml"), "dataDir: " + data + "\ndb:\n  url: \""
                + pg.url + "\"\n  user: " + pg.user + "\n");
        CliUsabilityTest.Run run = CliUsabilityTest.run("credential", "create", "--config", config.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(data.resolve("liverec.mv.db")).doesNotExist();
        try (Database db = Database.open(pg, data)) {
            long credentials = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM credentials")
                    .mapTo(Long.class).one());
            assertThat(credentials).isEqualTo(1);
        }
    }

    @Test
    void refusesAnEmbeddedDatabaseBesideAServerOnPostgres() throws Exception {
        LiverecConfig served = new LiverecConfig();
        served.dataDir = tmp.resolve("node").toString();
        served.db.url = "jdbc:postgresql://db.internal:5432/liverec?password=hunter2";
        Files.createDirectories(served.dataPath());
        DatabaseChoice.recordServed(served); // as serve does once its database is open

        CliUsabilityTest.Run run = CliUsabilityTest.run("credential", "create", "--data-dir", served.dataDir);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("jdbc:postgresql://db.internal:5432/liverec")
                .contains("LIVEREC_DB_URL").doesNotContain("hunter2");
        assertThat(served.dataPath().resolve("liverec.mv.db")).doesNotExist();
        assertThat(CliUsabilityTest.run("account", "list", "--data-dir", served.dataDir).exit()).isEqualTo(2);
    }

    @Test
    void createsAnEmbeddedDatabaseOnlyWhenAsked() throws Exception {
        Path data = tmp.resolve("fresh");
        Path config = Files.writeString(tmp.resolve("only-dir.yaml"), "dataDir: " + data + "\n");
        CliUsabilityTest.Run refused = CliUsabilityTest.run("credential", "create", "--config", config.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).hasLineCount(1).contains("no database in").contains("--create-database");
        assertThat(data.resolve("liverec.mv.db")).doesNotExist();

        CliUsabilityTest.Run created = CliUsabilityTest.run("credential", "create", "--config", config.toString(),
                "--create-database", "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(data.resolve("liverec.mv.db")).exists();
        // a named data directory is a request too (the first-run walkthrough: credential before serve)
        assertThat(CliUsabilityTest.run("credential", "create", "--data-dir", tmp.resolve("named").toString(),
                "--json").exit()).isZero();
    }
}
