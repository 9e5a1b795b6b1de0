package dev.liverec.cli;

import dev.liverec.config.LiverecConfig;
import dev.liverec.server.LiverecServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code liverec serve}: runs a node until SIGTERM/SIGINT, then shuts down cleanly (open files finalized). */
@Command(name = "serve", description = "Run the server (API, RTMP ingest, recording, console).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML configuration file")
    Path configFile;

    @Option(names = "--data-dir", description = "Data directory (database, recordings); env LIVEREC_DATA_DIR; default ./data")
    String dataDir;

    @Option(names = "--http-port", description = "HTTP port; env LIVEREC_HTTP_PORT; default 8080")
    Integer httpPort;

    @Option(names = "--rtmp-port", description = "RTMP port; env LIVEREC_RTMP_PORT; default 1935")
    Integer rtmpPort;

    @Override
    public Integer call() throws Exception {
        LiverecConfig cfg = LiverecConfig.load(configFile, System.getenv());
        if (dataDir != null) cfg.dataDir = dataDir;
        if (httpPort != null) cfg.http.port = httpPort;
        if (rtmpPort != null) cfg.rtmp.port = rtmpPort;
        LiverecServer server = LiverecServer.start(cfg, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "liverec-shutdown"));
        stopped.await();
        return 0;
    }
}
