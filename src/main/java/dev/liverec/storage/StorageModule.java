package dev.liverec.storage;

import dev.liverec.config.LiverecConfig;
import dev.liverec.account.AccountDirectory;
import dev.liverec.notify.AccountAppIds;
import dev.liverec.notify.AppIdsFromAccounts;
import dev.liverec.notify.CallbackEvents;
import dev.liverec.notify.CallbackNotifier;
import dev.liverec.notify.CallbackOutbox;
import dev.liverec.notify.CallbackSender;
import dev.liverec.notify.CallbackTemplates;
import dev.liverec.notify.DescribeCallbackDeliveries;
import dev.liverec.notify.RetryCallbackDelivery;
import dev.liverec.notify.StreamEventListener;
import dev.liverec.server.Module;
import dev.liverec.server.ServerContext;
import dev.liverec.task.RecordPlan;
import dev.liverec.web.playback.DescribeRecordFiles;
import dev.liverec.web.playback.PlaybackUrls;
import dev.liverec.web.playback.VodHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Storage, playback and callbacks: publishes {@link RecordingStore}, {@link StorageHealth}, {@link CallbackNotifier}
 * (and {@link RecordFileIndex}, {@link PlaybackUrls}, {@link CallbackOutbox} for the console), registers DescribeRecordFiles,
 * DescribeCallbackDeliveries, RetryCallbackDelivery and the {@code /vod/*} route, and runs the uploader, the
 * callback sender and the retention sweeps.
 */
public final class StorageModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(StorageModule.class);

    private CallbackSender sender;
    private SpoolUploader uploader;
    private RetentionSweeper retention;
    private S3Store s3;
    private ScheduledExecutorService timers;
    private CallbackOutbox outbox;

    @Override
    public void install(ServerContext ctx) throws Exception {
        LiverecConfig cfg = ctx.config();
        Path data = cfg.dataPath();
        String node = cfg.nodeName != null && !cfg.nodeName.isBlank() ? cfg.nodeName : hostName();
        var sc = cfg.storage;

        Map<String, FileStore> stores = new HashMap<>();
        LocalStore local = new LocalStore(sc.localDir != null && !sc.localDir.isBlank() ? Path.of(sc.localDir)
                : data.resolve("records"), sc.minFreeBytes);
        stores.put(local.kind(), local);
        FileStore destination = local;
        LocalStore spool = null;
        if ("s3".equalsIgnoreCase(sc.type)) {
            s3 = new S3Store(sc, ctx.clock());
            ctx.onClose(s3);
            try {
                s3.ensureBucket();
            } catch (RuntimeException e) {
                LOG.warn("object store not reachable at start ({}); files will wait in the spool", e.getMessage());
            }
            stores.put(s3.kind(), s3);
            spool = new LocalStore(sc.spoolDir != null && !sc.spoolDir.isBlank() ? Path.of(sc.spoolDir)
                    : data.resolve("spool"), sc.minFreeBytes);
            destination = s3;
        } else if (!"local".equalsIgnoreCase(sc.type)) {
            throw new IllegalArgumentException("storage.type must be local or s3, not " + sc.type);
        }

        RecordFileIndex index = new RecordFileIndex(ctx.db().jdbi());
        PlaybackUrls urls = new PlaybackUrls(PlaybackUrls.loadSecret(cfg.record.playbackUrlSecret, data), ctx.clock());
        long ttl = cfg.record.playbackUrlTtlSeconds;
        outbox = new CallbackOutbox(ctx.db().jdbi());
        CallbackTemplates templates = (account, domain, app) -> ctx.optionalService(RecordPlan.class)
                .flatMap(plan -> plan.callbackTemplateFor(account, domain, app));
        AccountAppIds fromAccounts = new AppIdsFromAccounts(() -> ctx.optionalService(AccountDirectory.class)
                .map(d -> d.store().listAccounts()).orElse(List.of()));
        AccountAppIds appIds = account -> ctx.optionalService(AccountAppIds.class).orElse(fromAccounts).appIdOf(account);
        ExecutorService eventQueue = Executors.newSingleThreadExecutor(r -> daemon(r, "liverec-callback-events"));
        ctx.onClose(eventQueue::shutdown);
        CallbackEvents events = new CallbackEvents(outbox, templates, appIds,
                f -> cfg.publicUrl() + urls.path(f.fileId(), f.mainEntry(), ttl), cfg.callback, ctx.clock(),
                nodeAddress(), eventQueue);
        RecordingArchive archive = new RecordingArchive(data.resolve("recording"), destination, spool, index, events,
                ctx.clock(), node, ctx.metrics());
        archive.appIdResolver(appIds::appIdOf);
        sender = new CallbackSender(outbox, cfg.callback, ctx.clock(), node + "#" + UUID.randomUUID(), ctx.metrics());
        events.onEnqueued(sender::wakeUp);
        ctx.onClose(sender);
        if (s3 != null) {
            uploader = new SpoolUploader(index, spool, s3, ctx.clock(), node, sc.uploadPollMillis,
                    sc.uploadRetryBaseMillis, sc.uploadRetryMaxMillis, ctx.metrics());
            archive.onSpooled(uploader::wakeUp);
            ctx.onClose(uploader);
        }
        retention = new RetentionSweeper(index, stores, spool, ctx.clock());

        ctx.publish(RecordingStore.class, archive);
        ctx.publish(RecordingArchive.class, archive);
        ctx.publish(StorageHealth.class, spool == null ? local : new SpooledStoreHealth(s3, spool));
        ctx.publish(CallbackNotifier.class, events);
        ctx.publish(RecordFileIndex.class, index);
        ctx.publish(PlaybackUrls.class, urls);
        ctx.publish(CallbackOutbox.class, outbox);

        ctx.actions().register(new DescribeRecordFiles(index, urls,
                cfg.http.publicUrl != null && !cfg.http.publicUrl.isBlank() ? cfg::publicUrl : null, cfg::publicUrl, ttl));
        ctx.actions().register(new DescribeCallbackDeliveries(outbox));
        ctx.actions().register(new RetryCallbackDelivery(outbox, sender, cfg.callback.maxAttempts, ctx.clock()));
        ctx.router().route("/vod/*").handler(new VodHandler(ctx.vertx(), urls, index, stores, spool));

        ctx.hub().addListener(new StreamEventListener(events, eventQueue, ctx.clock()));
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "liverec-storage-timers"));
        ctx.onClose(timers::shutdownNow);
    }

    @Override
    public void started(ServerContext ctx) {
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
        if (s3 != null) {
            long every = Math.max(1, sc.healthRefreshSeconds);
            timers.scheduleWithFixedDelay(s3::refreshHealth, every, every, TimeUnit.SECONDS);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }

    private static String nodeAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
