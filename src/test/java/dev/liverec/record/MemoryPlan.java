package dev.liverec.record;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.CallbackTemplate;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;
import dev.liverec.control.RecordTemplate;
import dev.liverec.control.TaskListener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory control plane with the contract's semantics, for engine tests. */
final class MemoryPlan implements RecordPlan {
    final Map<String, RecordTask> tasks = new ConcurrentHashMap<>();
    final Map<Long, RecordTemplate> templates = new ConcurrentHashMap<>();
    final Map<StreamKey, Long> ruleTemplates = new ConcurrentHashMap<>();
    final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

    RecordTask create(RecordTask t) {
        tasks.put(t.taskId(), t);
        listeners.forEach(l -> l.onCreated(t));
        return t;
    }

    /** A task stored without telling this node's listeners (created on another node). */
    void createElsewhere(RecordTask t) {
        tasks.put(t.taskId(), t);
    }

    void stop(String id, Instant at) {
        RecordTask t = tasks.computeIfPresent(id, (k, o) -> new RecordTask(o.taskId(), o.accountId(), o.stream(),
                o.startTime(), o.endTime(), o.templateId(), o.streamType(), o.extension(), o.createdAt(), at,
                o.deletedAt()));
        listeners.forEach(l -> l.onStopped(t));
    }

    void delete(String id, Instant at) {
        RecordTask t = tasks.computeIfPresent(id, (k, o) -> new RecordTask(o.taskId(), o.accountId(), o.stream(),
                o.startTime(), o.endTime(), o.templateId(), o.streamType(), o.extension(), o.createdAt(),
                o.stoppedAt(), at));
        listeners.forEach(l -> l.onDeleted(t));
    }

    @Override
    public List<RecordTask> tasksToStart(StreamKey stream, Instant now) {
        List<RecordTask> l = new ArrayList<>();
        for (RecordTask t : tasks.values()) if (t.stream().equals(stream) && t.canStartAt(now)) l.add(t);
        l.sort(Comparator.comparing(RecordTask::createdAt).thenComparing(RecordTask::taskId)); // oldest first, ties stable
        return l;
    }

    @Override
    public List<RecordTask> tasksOpenOrUpcoming(Instant now, long horizonSeconds) {
        List<RecordTask> l = new ArrayList<>();
        for (RecordTask t : tasks.values()) {
            if (t.stoppedAt() != null || t.deletedAt() != null || !now.isBefore(t.endTime())) continue;
            if (t.startTime().isAfter(now.plusSeconds(horizonSeconds))) continue;
            l.add(t);
        }
        l.sort(Comparator.comparing(RecordTask::createdAt).thenComparing(RecordTask::taskId)); // oldest first, ties stable
        return l;
    }

    @Override
    public Optional<RecordTask> task(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public RecordTemplate templateFor(RecordTask task) {
        RecordTemplate t = templates.get(task.templateId());
        return t != null ? t : RecordTemplate.defaultHls(task.accountId());
    }

    @Override
    public List<RecordTemplate> ruleTemplatesFor(StreamKey stream, long domainAccountId) {
        Long id = ruleTemplates.get(stream);
        return id == null ? List.of() : List.of(templates.get(id));
    }

    @Override
    public Optional<CallbackTemplate> callbackTemplateFor(long accountId, String domain, String app) {
        return Optional.empty();
    }

    /** The task events of this plan (the control plane keeps them in {@code TaskEvents}). */
    public void addListener(TaskListener listener) {
        listeners.add(listener);
    }
}
