package dev.liverec.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.SecretGenerator;
import dev.liverec.config.LiverecConfig;
import dev.liverec.db.Database;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;

/**
 * Options shared by the commands that work on a node's database directly (credential, account): the same data
 * directory / config / environment as {@code serve}. With the embedded H2 database this works whether or not a
 * server runs on the directory (H2 AUTO_SERVER hands the second process over to the first one's TCP server).
 */
final class StoreOptions {
    @Option(names = "--data-dir", description = "Data directory; env LIVEREC_DATA_DIR; default ./data")
    String dataDir;

    @Option(names = "--config", description = "YAML configuration file (e.g. with a PostgreSQL db.url); the same as serve's")
    Path configFile;

    @Option(names = "--create-database", description = "Create the embedded database when the data directory has "
            + "none (otherwise only an explicitly named --data-dir / LIVEREC_DATA_DIR gets a new one)")
    boolean createDatabase;

    /**
     * Opens (and migrates) the database serve uses with the same settings ({@link DatabaseChoice}); logs go to
     * stderr so stdout stays machine-readable.
     */
    Database open() throws Exception {
        quietLogsToStderr();
        LiverecConfig cfg = LiverecConfig.load(configFile, System.getenv());
        if (dataDir != null) cfg.dataDir = dataDir;
        String envDir = System.getenv("LIVEREC_DATA_DIR");
        DatabaseChoice.check(cfg, dataDir != null || (envDir != null && !envDir.isBlank()), createDatabase);
        Files.createDirectories(cfg.dataPath());
        return Database.open(cfg.db, cfg.dataPath());
    }

    static AccountStore store(Database db) {
        return new AccountStore(db.jdbi(), Clock.systemUTC(), new SecretGenerator());
    }

    static void quietLogsToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext lc)) return;
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<?> console && !"System.err".equals(console.getTarget())) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }
}
