package dev.liverec.record;

/**
 * Recording status changes reported to the account's record-status callback (started, refused by the
 * 3-task limit, failed). Called from any thread; must not block.
 */
public interface RecordEvents {
    void status(RecordingSpec spec, String status, String detail);

    RecordEvents NONE = (spec, status, detail) -> {};
}
