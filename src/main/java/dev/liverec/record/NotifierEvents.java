package dev.liverec.record;

import dev.liverec.notify.CallbackNotifier;
import dev.liverec.record.session.RecordEvents;
import dev.liverec.record.session.RecordingSpec;

/** Record status events to the account's RecordStatusNotifyUrl through the storage module's notifier. */
final class NotifierEvents implements RecordEvents {
    private final CallbackNotifier notifier;

    NotifierEvents(CallbackNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void status(RecordingSpec spec, String recordingId, String status, String detail) {
        notifier.recordStatus(spec.accountId(), spec.taskId(), spec.stream(), spec.format(), recordingId, status, detail);
    }
}
