package dev.liverec.record;

import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;
import dev.liverec.stream.StreamListener;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;
import dev.liverec.control.RecordTemplate;
import dev.liverec.control.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decides when sessions start and stop: on publish (tasks in their window and record rules), when a task is
 * created while its stream is live, when a window opens (timer, or the periodic re-read that also finds tasks
 * created on other nodes), at EndTime, on StopRecordTask; at most {@value #MAX_TASKS_PER_STREAM} tasks per stream.
 * All of its state is confined to one scheduler thread, which may block on the {@link RecordPlan}.
 */
public final class RecordScheduler implements StreamListener, TaskListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordScheduler.class);
    public static final int MAX_TASKS_PER_STREAM = 3;
    static final long HORIZON_SECONDS = 30;

    private final RecordContext ctx;
    private final RecordPlan plan;
    private final StreamHub hub;
    private final Duration rereadPeriod;
    private final ScheduledExecutorService thread;
    private final RecordSession.Host host = new SessionHost();

    // confined to the scheduler thread
    private final Map<StreamKey, Map<String, Run>> runs = new HashMap<>();
    private final Map<String, ParkedEntry> parked = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> startTimers = new HashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final Set<String> stopped = new HashSet<>();
    private int waiting;
    private boolean closed;

    /** One owner (task or rule) recording one publish of a stream, with a session per enabled format. */
    private static final class Run {
        final String ownerId;
        final RecordTask task;
        final LiveStream stream;
        final List<RecordSession> sessions = new ArrayList<>();
        ScheduledFuture<?> endTimer;

        Run(String ownerId, RecordTask task, LiveStream stream) {
            this.ownerId = ownerId;
            this.task = task;
            this.stream = stream;
        }
    }

    private record ParkedEntry(RecordSession.Parked parked, ScheduledFuture<?> timer, String ownerId) {}

    public RecordScheduler(RecordContext ctx, RecordPlan plan, StreamHub hub, Duration rereadPeriod) {
        this.ctx = ctx;
        this.plan = plan;
        this.hub = hub;
        this.rereadPeriod = rereadPeriod;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "record-scheduler");
            t.setDaemon(true);
            return t;
        });
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
            Map<String, Run> m = runs.get(stream.key());
            if (m == null) return;
            m.values().removeIf(r -> {
                if (r.stream != stream) return false;
                if (r.endTimer != null) r.endTimer.cancel(false);
                return true;
            });
            if (m.isEmpty()) runs.remove(stream.key());
            refused.removeIf(k -> k.endsWith("@" + stream.sequence()));
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
            if (running(stream, owner)) continue;
            long account = stream.accountId() != 0 ? stream.accountId() : tpl.accountId();
            startRun(owner, null, tpl, account, stream, buffer);
        }
    }

    /**
     * A task created here or whose window just opened. When its stream is live, every task of that stream is
     * considered oldest first, so which three record never depends on the order events arrive in.
     */
    private void tryStartTask(RecordTask task) {
        if (closed || stopped.contains(task.taskId())) return;
        Instant now = ctx.clock().instant();
        if (!task.canStartAt(now)) {
            if (task.stoppedAt() == null && task.deletedAt() == null && now.isBefore(task.startTime())) {
                scheduleStart(task);
            }
            return;
        }
        LiveStream stream = hub.find(task.stream()).orElse(null);
        if (stream == null || stream.isEnded() || running(stream, task.taskId())) return;
        for (RecordTask t : plan.tasksToStart(stream.key(), now)) startOnStream(t, stream, null);
    }

    /** Starts {@code task} on {@code stream} unless it runs already or the stream has its three tasks. */
    private void startOnStream(RecordTask task, LiveStream stream, PublishBuffer buffer) {
        if (closed || stopped.contains(task.taskId()) || stream.isEnded()) return;
        if (!task.canStartAt(ctx.clock().instant())) return;
        if (stream.accountId() != 0 && stream.accountId() != task.accountId()) return;
        if (running(stream, task.taskId())) return;
        long tasksRunning = runsOf(stream).stream().filter(r -> r.task != null).count();
        if (tasksRunning >= MAX_TASKS_PER_STREAM) {
            if (refused.add(task.taskId() + "@" + stream.sequence())) {
                LOG.warn("task {}: not recording {}: {} tasks already record it (limit {})", task.taskId(),
                        stream.key(), tasksRunning, MAX_TASKS_PER_STREAM);
                RecordTemplate tpl = plan.templateFor(task);
                ctx.events().status(specFor(task.taskId(), task, tpl, task.accountId(), stream.key(),
                        RecordFormat.HLS, tpl.param(RecordFormat.HLS)), null, "refused", "more than "
                        + MAX_TASKS_PER_STREAM + " tasks on the stream");
            }
            return;
        }
        startRun(task.taskId(), task, plan.templateFor(task), task.accountId(), stream, buffer);
    }

    private void startRun(String owner, RecordTask task, RecordTemplate tpl, long accountId, LiveStream stream,
                          PublishBuffer buffer) {
        Run run = new Run(owner, task, stream);
        for (RecordFormat f : RecordFormat.values()) {
            RecordParam param = tpl.param(f);
            if (!param.enabled()) continue;
            if (ctx.format(f) == null) {
                LOG.warn("{}: format {} is not supported, not recorded", owner, f);
                continue;
            }
            RecordingSpec spec = specFor(owner, task, tpl, accountId, stream.key(), f, param);
            ParkedEntry pe = parked.remove(parkKey(owner, stream.key(), f));
            try {
                Recording rec;
                if (pe != null) {
                    pe.timer.cancel(false);
                    rec = pe.parked.recording();
                    LOG.info("{} {}: re-push within FlowContinueDuration, playlist {} continues", stream.key(), owner,
                            rec.recordingId);
                } else {
                    rec = newRecording(spec);
                }
                RecordSession s = new RecordSession(ctx, rec, host, pe == null ? null : pe.parked);
                run.sessions.add(s);
                s.start(stream, buffer);
            } catch (Exception e) {
                LOG.error("{}: cannot start {} recording of {}", owner, f, stream.key(), e);
                ctx.metrics().failed();
                ctx.events().status(spec, null, "failed", "start: " + e.getMessage());
            }
        }
        if (run.sessions.isEmpty()) return;
        runs.computeIfAbsent(stream.key(), k -> new LinkedHashMap<>()).put(owner, run);
        if (task != null) {
            long delay = Math.max(0, Duration.between(ctx.clock().instant(), task.endTime()).toMillis());
            run.endTimer = thread.schedule(() -> guard("end " + owner, () -> stopOwner(owner, run.stream, "task_end")),
                    delay, TimeUnit.MILLISECONDS);
        }
        LOG.info("{}: recording {} ({} formats)", owner, stream, run.sessions.size());
        updateTaskGauge();
    }

    private Recording newRecording(RecordingSpec spec) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        var dir = ctx.store().workDir(spec.accountId(), spec.stream(), id);
        Instant now = ctx.clock().instant();
        ctx.journal().insert(new SessionJournal.Entry(id, ctx.node(), spec.accountId(), spec.taskId(), spec.ownerId(),
                spec.templateId(), spec.stream(), spec.format(), dir, "r", now));
        return new Recording(id, spec, dir, now, ctx);
    }

    private RecordingSpec specFor(String owner, RecordTask task, RecordTemplate tpl, long accountId, StreamKey key,
                                  RecordFormat f, RecordParam param) {
        long interval = f == RecordFormat.HLS ? 0 : Math.max(1, param.recordInterval()) * 1000L;
        long flow = f == RecordFormat.HLS ? tpl.flowContinueDuration() * 1000L : 0;
        return new RecordingSpec(owner, task, tpl.templateId(), accountId, key, f, param, interval, flow,
                task == null ? null : task.endTime());
    }

    private void stopTask(String taskId, String reason) {
        stopped.add(taskId);
        cancelStartTimer(taskId);
        for (Map<String, Run> m : List.copyOf(runs.values())) {
            Run r = m.get(taskId);
            if (r != null) stopOwner(taskId, r.stream, reason);
        }
        finishParked(p -> p.ownerId.equals(taskId), reason);
    }

    private void stopOwner(String owner, LiveStream stream, String reason) {
        Map<String, Run> m = runs.get(stream.key());
        Run r = m == null ? null : m.get(owner);
        if (r == null || r.stream != stream) return;
        m.remove(owner);
        if (m.isEmpty()) runs.remove(stream.key());
        if (r.endTimer != null) r.endTimer.cancel(false);
        LOG.info("{}: stop recording {} ({})", owner, stream, reason);
        for (RecordSession s : r.sessions) s.stop(reason);
        if ("task_end".equals(reason)) finishParked(p -> p.ownerId.equals(owner), reason);
        updateTaskGauge();
    }

    private void finishParked(java.util.function.Predicate<ParkedEntry> which, String reason) {
        parked.values().removeIf(pe -> {
            if (!which.test(pe)) return false;
            pe.timer.cancel(false);
            pe.parked.finish(reason);
            return true;
        });
    }

    private void scheduleStart(RecordTask task) {
        if (startTimers.containsKey(task.taskId())) return;
        long delay = Math.max(0, Duration.between(ctx.clock().instant(), task.startTime()).toMillis());
        startTimers.put(task.taskId(), thread.schedule(() -> guard("window opens " + task.taskId(), () -> {
            startTimers.remove(task.taskId());
            plan.task(task.taskId()).ifPresent(this::tryStartTask);
        }), delay, TimeUnit.MILLISECONDS));
    }

    private void cancelStartTimer(String taskId) {
        ScheduledFuture<?> f = startTimers.remove(taskId);
        if (f != null) f.cancel(false);
    }

    /** Tasks made on other nodes, windows opening, stops made elsewhere. */
    private void reread() {
        if (closed) return;
        Instant now = ctx.clock().instant();
        List<RecordTask> open = plan.tasksOpenOrUpcoming(now, HORIZON_SECONDS);
        Set<String> seen = new HashSet<>();
        int notLive = 0;
        for (RecordTask t : open) {
            seen.add(t.taskId());
            if (t.canStartAt(now)) {
                LiveStream stream = hub.find(t.stream()).orElse(null);
                if (stream == null) notLive++;
                else startOnStream(t, stream, null); // the list is oldest first already
            } else if (now.isBefore(t.startTime())) {
                scheduleStart(t);
            }
        }
        waiting = notLive;
        for (Map<String, Run> m : List.copyOf(runs.values())) {
            for (Run r : List.copyOf(m.values())) {
                if (r.task == null || seen.contains(r.ownerId)) continue;
                plan.task(r.ownerId).ifPresent(t -> {
                    if (t.stoppedAt() != null) stopTask(t.taskId(), "task_stop");
                });
            }
        }
        updateTaskGauge();
    }

    private boolean running(LiveStream stream, String owner) {
        Map<String, Run> m = runs.get(stream.key());
        Run r = m == null ? null : m.get(owner);
        return r != null && r.stream == stream;
    }

    private List<Run> runsOf(LiveStream stream) {
        Map<String, Run> m = runs.get(stream.key());
        if (m == null) return List.of();
        return m.values().stream().filter(r -> r.stream == stream).toList();
    }

    private void updateTaskGauge() {
        int running = 0;
        for (Map<String, Run> m : runs.values()) for (Run r : m.values()) if (r.task != null) running++;
        ctx.metrics().tasks(running, waiting, refused.size());
    }

    private static String parkKey(String owner, StreamKey key, RecordFormat f) {
        return owner + "|" + key + "|" + f;
    }

    private final class SessionHost implements RecordSession.Host {
        @Override
        public void ended(RecordSession s) {
            submit("session ended", () -> {
                Map<String, Run> m = runs.get(s.spec().stream());
                Run r = m == null ? null : m.get(s.spec().ownerId());
                if (r == null || !r.sessions.remove(s) || !r.sessions.isEmpty()) return;
                m.remove(r.ownerId);
                if (m.isEmpty()) runs.remove(s.spec().stream());
                if (r.endTimer != null) r.endTimer.cancel(false);
                updateTaskGauge();
            });
        }

        @Override
        public void parked(RecordSession s, RecordSession.Parked p) {
            submit("session parked", () -> {
                RecordingSpec spec = s.spec();
                long delay = spec.flowContinueMillis();
                String reason = "stream_end";
                if (spec.endTime() != null) {
                    long toEnd = Duration.between(ctx.clock().instant(), spec.endTime()).toMillis();
                    if (toEnd < delay) {
                        delay = toEnd;
                        reason = "task_end";
                    }
                }
                String key = parkKey(spec.ownerId(), spec.stream(), spec.format());
                String why = reason;
                ScheduledFuture<?> timer = thread.schedule(() -> guard("resume window over", () -> {
                    ParkedEntry pe = parked.remove(key);
                    if (pe != null && pe.parked == p) p.finish(why);
                }), Math.max(0, delay), TimeUnit.MILLISECONDS);
                parked.put(key, new ParkedEntry(p, timer, spec.ownerId()));
                LOG.info("{} {}: stream ended, HLS playlist kept open {} ms for a re-push", spec.stream(),
                        spec.ownerId(), delay);
                ended(s);
            });
        }
    }

    private void submit(String what, Runnable r) {
        try {
            thread.execute(() -> guard(what, r));
        } catch (java.util.concurrent.RejectedExecutionException e) {
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
    void abandon() {
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
                for (Map<String, Run> m : runs.values()) {
                    for (Run r : m.values()) {
                        if (r.endTimer != null) r.endTimer.cancel(false);
                        for (RecordSession s : r.sessions) fs.add(s.stop("shutdown"));
                    }
                }
                runs.clear();
                for (ParkedEntry pe : parked.values()) {
                    pe.timer.cancel(false);
                    fs.add(pe.parked.finish("shutdown"));
                }
                parked.clear();
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
