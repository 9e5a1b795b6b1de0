package dev.liverec.notify;

/**
 * Callback events the recording engine raises (file events are raised by the store's commit itself). Published as
 * a service by the storage module. Methods may block briefly on the database: call them off event loops.
 */
public interface CallbackNotifier {
    /** Queues a record status event when the account binds a template with a RecordStatusNotifyUrl; never throws. */
    void recordStatus(RecordStatusEvent event);
}
