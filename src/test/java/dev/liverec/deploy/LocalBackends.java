package dev.liverec.deploy;

import dev.liverec.storage.S3ProxyServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.CountDownLatch;

/**
 * The shared services of {@code deploy/local-cluster.sh} in one process, so a machine with only a JDK and Maven can
 * run a cluster: PostgreSQL (zonky's embedded binaries, data kept in {@code RUN_DIR/postgres}) and a real S3 server
 * (S3Proxy over {@code RUN_DIR/s3}). Both are test dependencies, never part of the product.
 *
 * <p>Usage: {@code LocalBackends RUN_DIR PG_PORT S3_PORT}. Once both answer it writes {@code RUN_DIR/backends.env}
 * (the {@code LIVEREC_DB_*} and S3 settings, shell syntax) and runs until SIGTERM, which stops both.
 */
public final class LocalBackends {
    static final String DATABASE = "liverec";

    private LocalBackends() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalBackends RUN_DIR PG_PORT S3_PORT");
            System.exit(2);
        }
        Path run = Path.of(args[0]).toAbsolutePath();
        int pgPort = Integer.parseInt(args[1]);
        int s3Port = Integer.parseInt(args[2]);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(pgPort)
                .setDataDirectory(run.resolve("postgres")).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
        createDatabase(pg);
        S3ProxyServer s3 = new S3ProxyServer(run.resolve("s3"), s3Port);
        s3.start();
        // the bucket exists before any node starts: nodes starting together then only find it
        Files.createDirectories(run.resolve("s3").resolve(DATABASE));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s3.stop();
                pg.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "backends-stop"));

        String env = "LIVEREC_DB_URL=" + pg.getJdbcUrl("postgres", DATABASE) + "\n"
                + "LIVEREC_DB_USER=postgres\n"
                + "LIVEREC_DB_PASSWORD=\n"
                + "S3_ENDPOINT=" + s3.endpoint() + "\n"
                + "S3_BUCKET=" + DATABASE + "\n"
                + "S3_ACCESS_KEY=" + S3ProxyServer.ACCESS + "\n"
                + "S3_SECRET_KEY=" + S3ProxyServer.SECRET + "\n";
        Path tmp = run.resolve("backends.env.tmp");
        Files.writeString(tmp, env, StandardCharsets.UTF_8);
        Files.move(tmp, run.resolve("backends.env"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("postgres " + pg.getJdbcUrl("postgres", DATABASE));
        System.out.println("s3 " + s3.endpoint() + " bucket " + DATABASE);
        System.out.flush();
        stopped.await();
    }

    private static void createDatabase(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) c.createStatement().execute("CREATE DATABASE " + DATABASE);
        }
    }
}
