package dev.liverec.control;

/**
 * Changes to record tasks made through this node's API, delivered right after the transaction commits so the
 * recording engine acts at once (no polling gap). Runs on the API worker thread: do not block.
 * Other nodes' changes are found by the engine's periodic re-read of the task table.
 */
public interface TaskListener {
    default void onCreated(RecordTask task) {}

    default void onStopped(RecordTask task) {}

    default void onDeleted(RecordTask task) {}
}
