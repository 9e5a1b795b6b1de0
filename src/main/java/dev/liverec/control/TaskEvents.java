package dev.liverec.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The record-task event bus: the task actions announce a change after its transaction commits, and
 * {@link TaskListener}s (the recording engine) hear it at once. Other nodes' changes are not announced here.
 */
public final class TaskEvents {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEvents.class);

    private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(TaskListener listener) {
        listeners.add(listener);
    }

    public void fireCreated(RecordTask t) {
        fire(t, TaskListener::onCreated);
    }

    public void fireStopped(RecordTask t) {
        fire(t, TaskListener::onStopped);
    }

    public void fireDeleted(RecordTask t) {
        fire(t, TaskListener::onDeleted);
    }

    /** Called after commit; a listener's failure must not turn a committed change into an API error. */
    private void fire(RecordTask t, BiConsumer<TaskListener, RecordTask> event) {
        for (TaskListener l : listeners) {
            try {
                event.accept(l, t);
            } catch (RuntimeException e) {
                LOG.error("task listener {} failed for task {}", l, t.taskId(), e);
            }
        }
    }
}
