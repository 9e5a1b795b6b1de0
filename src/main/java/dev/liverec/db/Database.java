package dev.liverec.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.liverec.config.DbConfig;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The connection pool, migrated schema and JDBI handle. The embedded default is an H2 file in PostgreSQL mode
 * with AUTO_SERVER, so a second process (the {@code credential} CLI) can use the same file while a server runs.
 * Migrations are written once for both H2 and PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    /** Opens the pool and applies pending migrations. */
    public static Database open(DbConfig cfg, Path dataDir) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl(cfg, dataDir));
        if (cfg.user != null) hc.setUsername(cfg.user);
        if (cfg.password != null) hc.setPassword(cfg.password);
        hc.setMaximumPoolSize(cfg.poolSize);
        hc.setPoolName("liverec-db");
        // bounded waits while the database is down: callers fail after connectionTimeout instead of Hikari's 30 s
        hc.setConnectionTimeout(cfg.connectionTimeoutMillis);
        hc.setValidationTimeout(Math.min(cfg.validationTimeoutMillis, cfg.connectionTimeoutMillis - 1));
        if (hc.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            hc.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, cfg.connectionTimeoutMillis / 1000)));
            hc.addDataSourceProperty("socketTimeout", String.valueOf(cfg.socketTimeoutSeconds));
        }
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            var result = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            LOG.info("database {} ready ({} migrations applied)", redact(hc.getJdbcUrl()), result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    /** The configured JDBC URL, or the embedded H2 file under the data directory. */
    public static String jdbcUrl(DbConfig cfg, Path dataDir) {
        return cfg.url != null && !cfg.url.isBlank() ? cfg.url : h2Url(dataDir);
    }

    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("liverec").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    public Jdbi jdbi() { return jdbi; }

    public javax.sql.DataSource dataSource() { return dataSource; }

    public boolean isPostgres() { return postgres; }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The URL with any {@code password=} parameter masked, for logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
