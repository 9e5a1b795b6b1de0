package dev.liverec.app;

import dev.liverec.notify.CallbackNotifier;
import dev.liverec.record.RecordEngine;
import dev.liverec.storage.DiskSpace;
import dev.liverec.storage.ObjectBucket;
import dev.liverec.storage.RecordingStore;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.TaskEvents;

/**
 * The recording engine over the control plane's plan and task events and the storage module's archive and callbacks;
 * with S3 storage, the bucket recordings in progress are uploaded to (another node finishes them if this one dies).
 */
public final class RecordModule implements Module {
    private final RecordEngine engine;
    private final ServerContext ctx;

    public RecordModule(ServerContext ctx, RecordPlan plan, TaskEvents taskEvents, RecordingStore store,
                        CallbackNotifier notifier, ObjectBucket bucket) {
        this.ctx = ctx;
        DiskSpace disk = DiskSpace.of(ctx.config().dataPath(), ctx.config().storage.minFreeBytes,
                java.time.Duration.ofMillis(Math.max(100, ctx.config().record.diskCheckMillis)));
        engine = new RecordEngine(ctx.config().record, ctx.clock(), ctx.db().jdbi(), ctx.metrics(), ctx.hub(),
                ctx.node().nodeId(), plan, taskEvents, store, notifier, disk, bucket);
        ctx.onClose(engine);
    }

    @Override
    public void start() {
        engine.nodeUrl(NodeAddress.httpUrl(ctx.config())); // the port is bound by now
        engine.start();
    }
}
