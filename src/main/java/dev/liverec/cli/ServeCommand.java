package dev.liverec.cli;

import dev.liverec.cluster.NodeIdInUseException;
import dev.liverec.config.LiverecConfig;
import dev.liverec.app.LiverecServer;
import dev.liverec.app.RtmpModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/** {@code liverec serve}: runs a node until SIGTERM/SIGINT, then shuts down cleanly (open files finalized). */
@Command(name = "serve", description = "Run the server (API, RTMP ingest, recording, console).")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", description = "YAML configuration file")
    Path configFile;

    @Option(names = "--data-dir", description = "Data directory (database, recordings); env LIVEREC_DATA_DIR; default ./data")
    String dataDir;

    @Option(names = "--http-port", description = "HTTP port; env LIVEREC_HTTP_PORT; default 8080")
    Integer httpPort;

    @Option(names = "--rtmp-port", description = "RTMP port; env LIVEREC_RTMP_PORT; default 1935")
    Integer rtmpPort;

    @Option(names = "--node-id", description = "This node's id, unique per process in a cluster; env LIVEREC_NODE_ID;"
            + " default the host name and a hash of the data directory and RTMP port")
    String nodeId;

    @Option(names = "--memory-budget", description = "Memory the node may use, e.g. 1g (heap, direct and native; "
            + "the launcher derives the JVM limits from it); env LIVEREC_MEMORY_BUDGET; default from the machine")
    String memoryBudget;

    @Override
    public Integer call() throws Exception {
        LiverecConfig cfg = LiverecConfig.load(configFile, System.getenv());
        if (dataDir != null) cfg.dataDir = dataDir;
        if (httpPort != null) cfg.http.port = httpPort;
        if (rtmpPort != null) cfg.rtmp.port = rtmpPort;
        if (nodeId != null) cfg.nodeName = nodeId;
        if (memoryBudget != null) cfg.memory.budget = memoryBudget;
        LiverecServer server;
        try {
            server = LiverecServer.start(cfg, Clock.systemUTC());
        } catch (NodeIdInUseException e) {
            throw new UserError(e.getMessage(), "stop the other process, or give this one its own --node-id and --data-dir");
        }
        try {
            DatabaseChoice.recordServed(cfg); // the tool commands on this data directory open the same database
        } catch (java.io.IOException e) {
            LOG.warn("cannot note the database in {}: {}", cfg.dataPath(), e.toString());
        }
        int rtmpBound = server.module(RtmpModule.class).server().port();
        LOG.info("{}", StartupSummary.text(cfg, server.httpPort(), rtmpBound));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean();
        Runnable stop = () -> {
            if (closing.compareAndSet(false, true)) server.close();
            stopped.countDown();
        };
        stopOnSignals(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "liverec-shutdown")); // other exits
        stopped.await();
        return 0;
    }

    /**
     * SIGTERM/SIGINT close the server before the JVM starts its shutdown: in a shutdown hook the close would race
     * other libraries' hooks (H2's closes the embedded database, so the files finalized at close could not be
     * committed and came back as "recovered" at the next start). Exit status 128 + signal, as without the handler.
     */
    private static void stopOnSignals(Runnable stop) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), sig -> new Thread(() -> {
                    stop.run();
                    System.exit(128 + sig.getNumber());
                }, "liverec-shutdown-" + name).start());
            } catch (IllegalArgumentException e) {
                LOG.debug("no handler for SIG{}: {}", name, e.getMessage()); // the shutdown hook does it
            }
        }
    }
}
