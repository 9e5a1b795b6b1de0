package dev.liverec.storage;

import dev.liverec.config.DbConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL on a fixed port and data directory that a test can stop (an outage) and start again. */
public final class RestartablePostgres implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    public RestartablePostgres(Path dataDir) throws Exception {
        this.dataDir = Files.createDirectories(dataDir);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    public synchronized void start() throws Exception {
        if (pg == null) {
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .start();
        }
    }

    public synchronized void stop() throws Exception {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    /** The database settings of a node on this server. */
    public DbConfig config() {
        DbConfig cfg = new DbConfig();
        cfg.url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        cfg.user = "postgres";
        cfg.poolSize = 4;
        return cfg;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
