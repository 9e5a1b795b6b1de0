package dev.liverec.app;

import dev.liverec.storage.FileStores;

import java.util.List;

/**
 * The modules of a full node, each built with what it uses from the others, so the order below is the order the
 * dependencies allow: the API gateway first (its {@code GET /} comes before the console's routes), the file stores
 * before the control plane (CreateRecordTask asks their health), the control plane before storage (callback rules),
 * ingest (domains) and the console and recording last (they use all of these).
 */
public final class FullNode {
    private FullNode() {}

    public static List<Module> wire(ServerContext ctx) throws Exception {
        ApiModule api = new ApiModule(ctx);
        FileStores files = FileStores.open(ctx.config().storage, ctx.config().dataPath(), ctx.clock());
        ctx.onClose(files);
        ControlModule control = new ControlModule(ctx, files.health());
        StorageModule storage = new StorageModule(ctx, files, control.plan()::callbackTemplateFor, api.accounts());
        RtmpModule rtmp = new RtmpModule(ctx, control.domains());
        WebModule web = new WebModule(ctx, files.health(), rtmp.server(), control.plan());
        RecordModule record = new RecordModule(ctx, control.plan(), control.taskEvents(), storage.recordings(),
                storage.notifier(), files.s3());
        HistoryModule history = new HistoryModule(ctx, control.controlPlane());
        return List.of(api, control, storage, rtmp, web, record, history);
    }
}
