package dev.liverec.app;

import dev.liverec.rtmp.server.RtmpServer;
import dev.liverec.storage.StorageHealth;
import dev.liverec.control.RecordPlan;
import dev.liverec.web.ConsoleAssets;
import dev.liverec.web.HealthEndpoints;
import dev.liverec.web.LandingPage;
import dev.liverec.web.MetricsEndpoint;
import dev.liverec.web.RtmpMeters;
import dev.liverec.memory.JvmMemory;
import dev.liverec.web.MemoryMeters;
import dev.liverec.web.StreamMeters;
import dev.liverec.api.stream.StreamPushInfoAction;
import dev.liverec.web.StreamRates;
import dev.liverec.web.TaskStateMeters;
import dev.liverec.api.task.TaskStatesAction;
import dev.liverec.web.preview.LivePreviewEndpoint;
import dev.liverec.web.preview.PreviewTokens;
import dev.liverec.api.stream.PreviewUrlAction;

/**
 * The operator-facing HTTP surface: the console at {@code /console/}, Prometheus {@code /metrics},
 * {@code /healthz} and {@code /readyz} (database, {@code storage}, the {@code rtmp} listener), a landing answer on an
 * unsigned {@code GET /}, the ingest and task
 * meters behind them, live preview, and the actions the console reads (stream statistics, task states).
 */
public final class WebModule implements Module {
    static final long SAMPLE_MS = 2000;

    private final ServerContext ctx;
    private final RecordPlan plan;

    public WebModule(ServerContext ctx, StorageHealth storage, RtmpServer rtmp, RecordPlan plan) {
        this.ctx = ctx;
        this.plan = plan;
        new StreamMeters(ctx.hub()).bindTo(ctx.metrics());
        RtmpMeters.bind(rtmp.stats(), ctx.metrics());
        RtmpMeters.bind(rtmp.memoryBudget(), ctx.metrics());
        JvmMemory jvm = new JvmMemory();
        ctx.onClose(jvm);
        MemoryMeters.bind(ctx.hub(), ctx.memory(), jvm, ctx.metrics());
        StreamRates rates = new StreamRates();
        rates.attach(ctx.hub());
        long timer = ctx.vertx().setPeriodic(SAMPLE_MS, id -> rates.sample());
        ctx.onClose(() -> ctx.vertx().cancelTimer(timer));
        ctx.actions().register(new StreamPushInfoAction(ctx.hub(), rates, ctx.clock(), NodeAddress.ip()));
        ctx.actions().register(new TaskStatesAction(plan, ctx.db().jdbi(), ctx.clock()));
        PreviewTokens previewTokens = new PreviewTokens();
        ctx.actions().register(new PreviewUrlAction(ctx.hub(), previewTokens, ctx.clock()));
        new LivePreviewEndpoint(ctx.hub(), previewTokens, ctx.clock()).mount(ctx.router());

        new HealthEndpoints(ctx.vertx(), ctx.db().jdbi(), storage, rtmp::port, rtmp.memoryBudget(),
                ctx.memory()::status).withCluster(ctx.node()::describe).mount(ctx.router());
        ctx.router().get("/metrics").handler(new MetricsEndpoint(ctx.vertx(), ctx.metrics(),
                ctx.config().http.metricsToken));
        new ConsoleAssets().mount(ctx.router());
        new LandingPage().mount(ctx.router()); // after the API's GET / (installed earlier)
    }

    @Override
    public void start() {
        ctx.onClose(TaskStateMeters.start(plan, ctx.clock(), ctx.vertx(), ctx.metrics()));
    }
}
