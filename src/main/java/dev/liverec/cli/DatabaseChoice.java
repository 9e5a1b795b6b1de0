package dev.liverec.cli;

import dev.liverec.config.LiverecConfig;
import dev.liverec.db.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which database the tool commands (credential, account) open: the one {@code serve} uses with the same config file,
 * environment ({@code LIVEREC_DB_URL}, ...) and data directory. They refuse (exit 2) to create an embedded H2
 * database nobody asked for, whose credentials no node would accept: when the server that runs on the data
 * directory uses another database (serve leaves its JDBC URL, password masked, in {@value #MARKER}), or when no
 * database exists there and the data directory was not named ({@code --data-dir}, {@code LIVEREC_DATA_DIR}) nor
 * {@code --create-database} given.
 */
final class DatabaseChoice {
    static final String MARKER = "server-database";
    private static final String H2_FILE = "liverec.mv.db";

    private DatabaseChoice() {}

    /** Called by {@code serve} once its database is open. */
    static void recordServed(LiverecConfig cfg) throws IOException {
        Path dir = cfg.dataPath();
        Path tmp = dir.resolve(MARKER + ".tmp");
        Files.writeString(tmp, Database.redact(Database.jdbcUrl(cfg.db, dir)) + "\n");
        Files.move(tmp, dir.resolve(MARKER), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param dataDirNamed the data directory came from {@code --data-dir} or {@code LIVEREC_DATA_DIR}
     * @param create       {@code --create-database}
     */
    static void check(LiverecConfig cfg, boolean dataDirNamed, boolean create) throws IOException {
        if (cfg.db.url != null && !cfg.db.url.isBlank()) return; // a configured database: never a stray one
        Path dir = cfg.dataPath();
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            String served = Files.readString(marker).trim();
            if (!served.startsWith("jdbc:h2:")) {
                throw new UserError("the server on " + dir + " uses the database " + served
                        + "; this command would create a separate embedded one there",
                        "pass the server's --config, or LIVEREC_DB_URL / LIVEREC_DB_USER / LIVEREC_DB_PASSWORD",
                        ErrorLine.USAGE);
            }
        }
        if (!create && !dataDirNamed && !Files.exists(dir.resolve(H2_FILE))) {
            throw new UserError("no database in " + dir.toAbsolutePath()
                    + " and no db.url configured; not creating a new embedded one",
                    "pass the server's --config or LIVEREC_DB_URL, its --data-dir, or --create-database",
                    ErrorLine.USAGE);
        }
    }
}
