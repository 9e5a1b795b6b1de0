package dev.liverec.control;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases the control-plane tests run against: H2 (file, PostgreSQL mode, as in production) and a real
 * PostgreSQL (zonky embedded, started once per JVM; each {@link #open} gets a fresh database in it).
 */
public final class TestDatabases {
    public static final String H2 = "h2";
    public static final String POSTGRES = "postgres";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres pg = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A description of a fresh, empty database of {@code kind}; open it (again) with {@link Database#open}. */
    public static DbConfig fresh(String kind, Path dir) {
        DbConfig cfg = new DbConfig();
        cfg.poolSize = 4;
        if (kind.equals(POSTGRES)) {
            EmbeddedPostgres pg = postgres();
            String name = "t" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
            Jdbi.create(pg.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
            cfg.url = pg.getJdbcUrl("postgres", name);
            cfg.user = "postgres";
        } else {
            cfg.url = Database.h2Url(dir);
        }
        return cfg;
    }
}
