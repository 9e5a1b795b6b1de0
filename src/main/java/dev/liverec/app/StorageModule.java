package dev.liverec.app;

import dev.liverec.control.account.AccountDirectory;
import dev.liverec.config.LiverecConfig;
import dev.liverec.db.ClusterSettings;
import dev.liverec.notify.AppIdsFromAccounts;
import dev.liverec.notify.CallbackEvents;
import dev.liverec.notify.CallbackNotifier;
import dev.liverec.notify.CallbackOutbox;
import dev.liverec.notify.CallbackSender;
import dev.liverec.notify.CallbackTemplates;
import dev.liverec.api.callback.DescribeCallbackDeliveries;
import dev.liverec.api.callback.RetryCallbackDelivery;
import dev.liverec.notify.StreamEventListener;
import dev.liverec.storage.FileStores;
import dev.liverec.storage.FilesInProgress;
import dev.liverec.storage.RecordFileIndex;
import dev.liverec.storage.RecordingArchive;
import dev.liverec.storage.RecordingStore;
import dev.liverec.storage.RetentionSweeper;
import dev.liverec.storage.SpoolUploader;
import dev.liverec.api.files.CreateRecordClip;
import dev.liverec.api.files.DescribeRecordFiles;
import dev.liverec.clip.RecordClipper;
import dev.liverec.web.playback.PlaybackUrls;
import dev.liverec.web.playback.NodeProxy;
import dev.liverec.web.playback.VodHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Storage, playback and callbacks over the {@link FileStores}: the {@link RecordingArchive} recordings commit to,
 * the callback outbox and sender (templates from the control plane's callback rules, APPIDs from the accounts),
 * DescribeRecordFiles, DescribeCallbackDeliveries, RetryCallbackDelivery and the {@code /vod/*} route; runs the
 * uploader, the callback sender and the retention sweeps.
 */
public final class StorageModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(StorageModule.class);

    private final ServerContext ctx;
    private final FileStores stores;
    private final CallbackSender sender;
    private final SpoolUploader uploader;
    private final RetentionSweeper retention;
    private final ScheduledExecutorService timers;
    private final CallbackOutbox outbox;
    private final CallbackEvents events;
    private final RecordingArchive archive;
    private final RecordFileIndex index;

    public StorageModule(ServerContext ctx, FileStores stores, CallbackTemplates templates, AccountDirectory accounts)
            throws IOException {
        this.ctx = ctx;
        this.stores = stores;
        LiverecConfig cfg = ctx.config();
        Path data = cfg.dataPath();
        String node = ctx.node().nodeId();
        var sc = cfg.storage;

        index = new RecordFileIndex(ctx.db().jdbi());
        PlaybackUrls urls = new PlaybackUrls(PlaybackUrls.loadSecret(cfg.record.playbackUrlSecret,
                new ClusterSettings(ctx.db().jdbi(), ctx.clock()), data), ctx.clock());
        long ttl = cfg.record.playbackUrlTtlSeconds;
        outbox = new CallbackOutbox(ctx.db().jdbi());
        AppIdsFromAccounts appIds = new AppIdsFromAccounts(() -> accounts.store().listAccounts());
        ExecutorService eventQueue = Executors.newSingleThreadExecutor(r -> daemon(r, "liverec-callback-events"));
        ctx.onClose(eventQueue::shutdown);
        events = new CallbackEvents(outbox, templates, appIds,
                f -> cfg.publicUrl() + urls.path(f.fileId(), f.mainEntry(), ttl), cfg.callback, ctx.clock(),
                NodeAddress.ip(), eventQueue);
        archive = new RecordingArchive(data.resolve("recording"), stores.destination(), stores.spool(), index, events,
                ctx.clock(), node, ctx.metrics());
        archive.appIdResolver(appIds::appIdOf);
        if (stores.spool() != null) archive.servedFrom(() -> spoolServeUrl(cfg));
        sender = new CallbackSender(outbox, cfg.callback, ctx.clock(), node + "#" + UUID.randomUUID(), ctx.metrics());
        events.onEnqueued(sender::wakeUp);
        ctx.onClose(sender);
        if (stores.s3() != null) {
            uploader = new SpoolUploader(index, stores.spool(), stores.s3(), ctx.clock(), node, sc.uploadPollMillis,
                    sc.uploadRetryBaseMillis, sc.uploadRetryMaxMillis, ctx.metrics());
            archive.onSpooled(uploader::wakeUp);
            ctx.onClose(uploader);
        } else {
            uploader = null;
        }
        retention = new RetentionSweeper(index, stores.byKind(), stores.spool(), ctx.clock());

        FilesInProgress inProgress = new FilesInProgress(ctx.db().jdbi());
        ctx.actions().register(new DescribeRecordFiles(index, inProgress, ctx.clock(), urls,
                cfg.http.publicUrl != null && !cfg.http.publicUrl.isBlank() ? cfg::publicUrl : null, cfg::publicUrl, ttl));
        ctx.actions().register(new CreateRecordClip(new RecordClipper(index, archive, stores.byKind(), stores.spool(),
                RecordClipper.DEFAULT_CONCURRENCY, ctx.metrics()), urls,
                cfg.http.publicUrl != null && !cfg.http.publicUrl.isBlank() ? cfg::publicUrl : null, cfg::publicUrl, ttl));
        ctx.actions().register(new DescribeCallbackDeliveries(outbox));
        ctx.actions().register(new RetryCallbackDelivery(outbox, sender, cfg.callback.maxAttempts, ctx.clock()));
        ctx.router().route("/vod/*").handler(new VodHandler(ctx.vertx(), urls, index, stores.byKind(), stores.spool(),
                inProgress, node, new NodeProxy(ctx.vertx(), (int) sc.s3ConnectTimeoutMillis)));

        ctx.hub().addListener(new StreamEventListener(events, eventQueue, ctx.clock()));
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "liverec-storage-timers"));
        ctx.onClose(timers::shutdownNow);
    }

    /** Where the other nodes read this node's spooled files; null while the HTTP port is not known (port 0). */
    static String spoolServeUrl(LiverecConfig cfg) {
        String configured = cfg.storage.spoolServeUrl;
        if (configured != null && !configured.isBlank()) return configured.replaceAll("/+$", "");
        if (cfg.http.port <= 0) return null;
        String host = cfg.http.host;
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) host = NodeAddress.ip();
        if (host.contains(":")) host = "[" + host + "]";
        return (cfg.http.tlsCertFile != null ? "https" : "http") + "://" + host + ":" + cfg.http.port;
    }

    /** Where recordings commit their files. */
    public RecordingStore recordings() { return archive; }

    public RecordingArchive archive() { return archive; }

    /** Record status events (332) and the other callbacks. */
    public CallbackNotifier notifier() { return events; }

    public RecordFileIndex index() { return index; }

    public CallbackOutbox outbox() { return outbox; }

    public FileStores stores() { return stores; }

    @Override
    public void start() {
        sender.start();
        if (uploader != null) uploader.start();
        var sc = ctx.config().storage;
        long sweep = Math.max(1, sc.retentionSweepSeconds);
        timers.scheduleWithFixedDelay(() -> {
            try {
                retention.sweep();
            } catch (RuntimeException e) {
                LOG.warn("retention sweep failed: {}", e.toString());
            }
        }, 1, sweep, TimeUnit.SECONDS);
        long keepMillis = Math.max(1, ctx.config().callback.keepDays) * 86_400_000L;
        timers.scheduleWithFixedDelay(() -> {
            try {
                int n = outbox.purgeFinished(ctx.clock().millis() - keepMillis);
                if (n > 0) LOG.info("purged {} finished callback deliveries", n);
            } catch (RuntimeException e) {
                LOG.warn("callback purge failed: {}", e.toString());
            }
        }, 60, 3600, TimeUnit.SECONDS);
        if (stores.s3() != null) {
            long every = Math.max(1, sc.healthRefreshSeconds);
            timers.scheduleWithFixedDelay(stores.s3()::refreshHealth, every, every, TimeUnit.SECONDS);
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
