package dev.liverec.web;

import dev.liverec.server.Module;
import dev.liverec.server.ServerContext;
import dev.liverec.web.preview.LivePreviewEndpoint;
import dev.liverec.web.preview.PreviewTokens;
import dev.liverec.web.preview.PreviewUrlAction;

import java.net.InetAddress;

/**
 * The operator-facing HTTP surface: the console at {@code /console/}, Prometheus {@code /metrics},
 * {@code /healthz} and {@code /readyz}, the ingest and task meters behind them, and the stream statistics
 * action the console's stream page reads ({@code DescribeLiveStreamPushInfoList}).
 */
public final class WebModule implements Module {
    static final long SAMPLE_MS = 2000;

    @Override
    public void install(ServerContext ctx) {
        new StreamMeters(ctx.hub()).bindTo(ctx.metrics());
        IngestStats stats = new IngestStats();
        stats.attach(ctx.hub());
        long timer = ctx.vertx().setPeriodic(SAMPLE_MS, id -> stats.sample());
        ctx.onClose(() -> ctx.vertx().cancelTimer(timer));
        ctx.actions().register(new StreamPushInfoAction(ctx.hub(), stats, ctx.clock(), serverIp()));
        PreviewTokens previewTokens = new PreviewTokens();
        ctx.actions().register(new PreviewUrlAction(ctx.hub(), previewTokens, ctx.clock()));
        new LivePreviewEndpoint(ctx.hub(), previewTokens, ctx.clock()).mount(ctx.router());

        new HealthEndpoints(ctx).mount(ctx.router());
        ctx.router().get("/metrics").handler(new MetricsEndpoint(ctx.vertx(), ctx.metrics(),
                ctx.config().http.metricsToken));
        new ConsoleAssets().mount(ctx.router());
    }

    @Override
    public void started(ServerContext ctx) {
        TaskStateMeters.start(ctx);
        ctx.optionalService(dev.liverec.rtmp.server.RtmpServer.class).ifPresent(rtmp -> {
            RtmpMeters.bind(rtmp.stats(), ctx.metrics());
            RtmpMeters.bind(rtmp.memoryBudget(), ctx.metrics());
        });
        // the control plane (installed earlier) publishes the plan that task states are read from
        ctx.optionalService(dev.liverec.task.RecordPlan.class).ifPresent(plan ->
                ctx.actions().register(new TaskStatesAction(plan, ctx.db().jdbi(), ctx.clock())));
    }

    private static String serverIp() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
