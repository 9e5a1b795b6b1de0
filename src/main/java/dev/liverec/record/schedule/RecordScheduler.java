package dev.liverec.record.schedule;

import dev.liverec.record.session.ParkedPlaylist;
import dev.liverec.record.session.PublishBuffer;
import dev.liverec.record.session.RecordContext;
import dev.liverec.record.session.RecordSession;
import dev.liverec.record.session.RecordingSpec;
import dev.liverec.storage.DiskSpace;
import dev.liverec.storage.SplitReason;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamListener;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;
import dev.liverec.control.RecordTemplate;
import dev.liverec.control.TaskListener;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decides when sessions start and stop: on publish (tasks in their window and record rules), when a task is
 * created while its stream is live, when a window opens (timer, or the {@link PlanReread} that also finds tasks
 * created on other nodes), at EndTime, on StopRecordTask. Which task may start is {@link TaskAdmission}'s call,
 * starting one is {@link RecordingStarter}'s, HLS playlists waiting for a re-push are {@link ParkedPlaylists}.
 * Events arrive on any thread; all state is confined to one scheduler thread, which may block on the
 * {@link RecordPlan}. While the {@link DiskSpace} is full nothing starts; when it fills every file closes with split
 * reason {@code disk_full}, and when room is back what should record starts again as new files. (Over 300 lines:
 * every decision on the one scheduler thread stays readable in one place.)
 */
public final class RecordScheduler implements StreamListener, TaskListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordScheduler.class);
    public static final int MAX_TASKS_PER_STREAM = TaskAdmission.MAX_TASKS_PER_STREAM;

    private final RecordContext ctx;
    private final RecordPlan plan;
    private final StreamHub hub;
    private final Duration rereadPeriod;
    private final ScheduledExecutorService thread;

    // confined to the scheduler thread
    private final SessionTable table = new SessionTable();
    private final TaskAdmission admission = new TaskAdmission();
    private final ParkedPlaylists parked;
    private final RecordingStarter starter;
    private final PlanReread reread;
    private final TaskGauges gauges;
    private final Map<String, ScheduledFuture<?>> startTimers = new HashMap<>();
    private final DiskSpace disk;
    private final TaskInterruptions interruptions;
    /** Recordings given up on ENOSPC, committed (split reason disk_full) when room is back. */
    private final Set<String> stranded = new java.util.LinkedHashSet<>();
    private boolean closed;

    public RecordScheduler(RecordContext ctx, RecordPlan plan, StreamHub hub, Duration rereadPeriod) {
        this(ctx, plan, hub, rereadPeriod, DiskSpace.unwatched(), null);
    }

    /** @param jdbi where task interruptions are stored for DescribeRecordTaskStates (null: not stored) */
    public RecordScheduler(RecordContext ctx, RecordPlan plan, StreamHub hub, Duration rereadPeriod, DiskSpace disk,
                           Jdbi jdbi) {
        this.ctx = ctx;
        this.disk = disk;
        this.interruptions = new TaskInterruptions(jdbi, ctx.node());
        disk.addListener(new DiskSpace.Listener() {
            @Override
            public void full(String problem) {
                submit("disk full", () -> diskFull(problem));
            }

            @Override
            public void room() {
                submit("disk space back", RecordScheduler.this::diskRoom);
            }
        });
        this.plan = plan;
        this.hub = hub;
        this.rereadPeriod = rereadPeriod;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "record-scheduler");
            t.setDaemon(true);
            return t;
        });
        Timers timers = this::after;
        this.parked = new ParkedPlaylists(ctx.clock(), timers);
        this.starter = new RecordingStarter(ctx, parked, new SessionHost());
        this.reread = new PlanReread(plan, hub);
        this.gauges = new TaskGauges(ctx.metrics());
    }

    /** Registers with the hub and starts the periodic re-read (first one at once); task events come from the wiring. */
    public void start() {
        hub.addListener(this);
        thread.scheduleWithFixedDelay(() -> guard("re-read", this::reread), 0, rereadPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    // ---- events (any thread) ----

    @Override
    public void onPublish(LiveStream stream) {
        PublishBuffer buffer = new PublishBuffer();
        stream.subscribe(buffer, true);
        submit("publish " + stream.key(), () -> {
            try {
                startAllFor(stream, buffer);
            } finally {
                stream.eventLoop().execute(() -> buffer.release(stream));
            }
        });
    }

    @Override
    public void onUnpublish(LiveStream stream) {
        submit("unpublish " + stream.key(), () -> {
            for (OwnerSessions r : table.removePublish(stream)) r.cancelEndTimer();
            admission.publishEnded(stream);
        });
    }

    @Override
    public void onCreated(RecordTask task) {
        submit("task created " + task.taskId(), () -> tryStartTask(task));
    }

    @Override
    public void onStopped(RecordTask task) {
        submit("task stopped " + task.taskId(), () -> stopTask(task.taskId(), "task_stop"));
    }

    @Override
    public void onDeleted(RecordTask task) {
        // A recording in progress goes on (spec §2.3); nothing new starts because the plan no longer returns it.
        submit("task deleted " + task.taskId(), () -> cancelStartTimer(task.taskId()));
    }

    // ---- scheduler thread ----

    private void startAllFor(LiveStream stream, PublishBuffer buffer) {
        if (stream.isEnded() || closed) return;
        Instant now = ctx.clock().instant();
        List<RecordTask> tasks = plan.tasksToStart(stream.key(), now);
        LOG.info("publish {}: {} task(s) in their window", stream, tasks.size());
        for (RecordTask t : tasks) startOnStream(t, stream, buffer);
        for (RecordTemplate tpl : plan.ruleTemplatesFor(stream.key(), stream.accountId())) {
            String owner = RecordingSpec.ruleOwner(tpl.templateId());
            if (table.running(stream, owner)) continue;
            long account = stream.accountId() != 0 ? stream.accountId() : tpl.accountId();
            startRun(owner, null, tpl, account, stream, buffer);
        }
    }

    /**
     * A task created here or whose window just opened. When its stream is live, every task of that stream is
     * considered oldest first, so which three record never depends on the order events arrive in.
     */
    private void tryStartTask(RecordTask task) {
        if (closed || admission.isStopped(task.taskId())) return;
        Instant now = ctx.clock().instant();
        if (!task.canStartAt(now)) {
            if (task.stoppedAt() == null && task.deletedAt() == null && now.isBefore(task.startTime())) {
                scheduleStart(task);
            }
            return;
        }
        LiveStream stream = hub.find(task.stream()).orElse(null);
        if (stream == null || stream.isEnded() || table.running(stream, task.taskId())) return;
        for (RecordTask t : plan.tasksToStart(stream.key(), now)) startOnStream(t, stream, null);
    }

    /** Starts {@code task} on {@code stream} if {@link TaskAdmission} lets it. */
    private void startOnStream(RecordTask task, LiveStream stream, PublishBuffer buffer) {
        if (closed) return;
        switch (admission.admit(task, stream, ctx.clock().instant(), table)) {
            case ADMIT -> startRun(task.taskId(), task, plan.templateFor(task), task.accountId(), stream, buffer);
            case REFUSE -> {
                LOG.warn("task {}: not recording {}: {} tasks already record it (limit {})", task.taskId(),
                        stream.key(), table.tasksOn(stream), MAX_TASKS_PER_STREAM);
                RecordTemplate tpl = plan.templateFor(task);
                ctx.events().status(RecordingStarter.spec(task.taskId(), task, tpl, task.accountId(), stream.key(),
                        RecordFormat.HLS, tpl.param(RecordFormat.HLS)), null, "refused", "more than "
                        + MAX_TASKS_PER_STREAM + " tasks on the stream");
            }
            case SKIP -> { }
        }
    }

    private void startRun(String owner, RecordTask task, RecordTemplate tpl, long accountId, LiveStream stream,
                          PublishBuffer buffer) {
        if (disk.full()) { // started again when room is back
            if (task != null) interruptions.mark(task, disk.problem(), ctx.clock().instant());
            return;
        }
        OwnerSessions run = starter.start(owner, task, tpl, accountId, stream, buffer);
        if (run.sessions.isEmpty()) return;
        if (task != null) interruptions.clear(task.taskId());
        table.add(run);
        if (task != null) {
            long delay = Math.max(0, Duration.between(ctx.clock().instant(), task.endTime()).toMillis());
            run.endTimer = after("end " + owner, delay, () -> stopOwner(owner, run.stream, "task_end"));
        }
        LOG.info("{}: recording {} ({} formats)", owner, stream, run.sessions.size());
        gauges.update(table, admission);
    }

    private void stopTask(String taskId, String reason) {
        admission.stop(taskId);
        cancelStartTimer(taskId);
        for (OwnerSessions r : table.all()) {
            if (r.ownerId.equals(taskId)) stopOwner(taskId, r.stream, reason);
        }
        parked.finish(taskId::equals, reason);
    }

    private void stopOwner(String owner, LiveStream stream, String reason) {
        OwnerSessions r = table.get(stream, owner);
        if (r == null) return;
        table.remove(r);
        r.cancelEndTimer();
        LOG.info("{}: stop recording {} ({})", owner, stream, reason);
        for (RecordSession s : r.sessions) s.stop(reason);
        if ("task_end".equals(reason)) parked.finish(owner::equals, reason);
        gauges.update(table, admission);
    }

    private void scheduleStart(RecordTask task) {
        if (startTimers.containsKey(task.taskId())) return;
        long delay = Math.max(0, Duration.between(ctx.clock().instant(), task.startTime()).toMillis());
        startTimers.put(task.taskId(), after("window opens " + task.taskId(), delay, () -> {
            startTimers.remove(task.taskId());
            plan.task(task.taskId()).ifPresent(this::tryStartTask);
        }));
    }

    private void cancelStartTimer(String taskId) {
        ScheduledFuture<?> f = startTimers.remove(taskId);
        if (f != null) f.cancel(false);
    }

    /** Every open file closes with split reason disk_full; tasks say interrupted until they record again. */
    private void diskFull(String problem) {
        if (closed) return;
        String reason = SplitReason.DISK_FULL.wire();
        for (OwnerSessions r : table.all()) {
            if (r.task != null) interruptions.mark(r.task, problem, ctx.clock().instant());
            stopOwner(r.ownerId, r.stream, reason);
        }
        parked.finishAll(reason);
    }

    /** Commits what ENOSPC cut short, then starts what should record on every live stream (new files). */
    private void diskRoom() {
        if (closed) return;
        if (!stranded.isEmpty()) {
            Set<String> ids = Set.copyOf(stranded);
            stranded.clear();
            ctx.blocking().execute(() -> ctx.orphanRecovery(plan).run(ctx.journal().list(ctx.node()).stream()
                    .filter(e -> ids.contains(e.recordingId())).toList(), SplitReason.DISK_FULL));
        }
        for (LiveStream s : hub.online()) startAllFor(s, null);
    }

    private void reread() {
        if (closed) return;
        gauges.waiting(reread.run(ctx.clock().instant(), table, (t, stream) -> startOnStream(t, stream, null),
                this::scheduleStart, taskId -> stopTask(taskId, "task_stop")));
        gauges.update(table, admission);
    }

    private final class SessionHost implements RecordSession.Host {
        @Override
        public void ended(RecordSession s) {
            submit("session ended", () -> {
                OwnerSessions r = table.get(s.spec().stream(), s.spec().ownerId());
                if (r == null || !r.sessions.remove(s) || !r.sessions.isEmpty()) return;
                table.remove(r);
                r.cancelEndTimer();
                gauges.update(table, admission);
            });
        }

        @Override
        public void noSpace(RecordSession s, IOException e) {
            disk.noSpace(e);
            stranded(s.recordingId());
            ended(s);
        }

        @Override
        public void stranded(String recordingId) {
            disk.noSpace(new IOException("No space left on device")); // no-op when already full
            submit("no space", () -> stranded.add(recordingId));
        }

        @Override
        public void parked(RecordSession s, ParkedPlaylist p) {
            submit("session parked", () -> {
                parked.park(s.spec(), p);
                ended(s);
            });
        }
    }

    private ScheduledFuture<?> after(String what, long delayMillis, Runnable work) {
        return thread.schedule(() -> guard(what, work), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void submit(String what, Runnable r) {
        try {
            thread.execute(() -> guard(what, r));
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler closed, dropped: {}", what);
        }
    }

    private static void guard(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("record scheduler: {} failed", what, e);
        }
    }

    /** Tests: stops the scheduler thread as a crash would, leaving sessions and files as they are. */
    public void abandon() {
        thread.shutdownNow();
    }

    /** Closes every open file (split_reason shutdown) and waits for the commits. */
    @Override
    public void close() {
        if (thread.isShutdown()) return;
        CompletableFuture<List<CompletableFuture<Void>>> all = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                closed = true;
                List<CompletableFuture<Void>> fs = new ArrayList<>();
                for (OwnerSessions r : table.all()) {
                    r.cancelEndTimer();
                    for (RecordSession s : r.sessions) fs.add(s.stop("shutdown"));
                }
                table.clear();
                fs.addAll(parked.finishAll("shutdown"));
                startTimers.values().forEach(f -> f.cancel(false));
                all.complete(fs);
            });
            CompletableFuture.allOf(all.get(10, TimeUnit.SECONDS).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("record scheduler: shutdown did not finish every file", e);
        } finally {
            thread.shutdownNow();
        }
    }
}
