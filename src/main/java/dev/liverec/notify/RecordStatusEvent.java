package dev.liverec.notify;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;

import java.time.Instant;

/**
 * A recording's state change, sent as event_type 332 to the template's RecordStatusNotifyUrl.
 *
 * @param appId       APPID sent in the event; 0 = look it up from the account
 * @param at          when it happened; null = now
 * @param taskId      CreateRecordTask id, or null for a rule recording
 * @param recordingId the engine's id of the session (one task × stream × format)
 * @param errcode     0 when fine; otherwise an engine error number, described by {@code message}
 */
public record RecordStatusEvent(long accountId, long appId, String taskId, StreamKey stream, String recordingId,
                                RecordFormat format, Status status, int errcode, String message, Instant at) {

    public enum Status {
        START_SUCCEEDED("record_start_succeeded"), START_FAILED("record_start_failed"), PAUSED("record_paused"),
        RESUMED("record_resumed"), ERROR("record_error"), ENDED("record_ended"),
        /** A full disk ended the recording (its files are committed); it resumes as new files when room is back. */
        INTERRUPTED("record_interrupted");

        private final String wireName;

        Status(String wireName) { this.wireName = wireName; }

        public String wireName() { return wireName; }

        /** errcode sent with the status: 0, 1 (start refused or failed), 2 (error while recording). */
        public int errcode() {
            return switch (this) {
                case START_FAILED -> 1;
                case ERROR, INTERRUPTED -> 2;
                default -> 0;
            };
        }

        /** Maps the recording engine's status words; an unknown word is an error. */
        public static Status fromEngine(String status, boolean recordingStarted) {
            return switch (status == null ? "" : status) {
                case "started" -> START_SUCCEEDED;
                case "refused" -> START_FAILED;
                case "failed" -> recordingStarted ? ERROR : START_FAILED;
                case "paused" -> PAUSED;
                case "resumed" -> RESUMED;
                case "ended" -> ENDED;
                case "interrupted" -> INTERRUPTED;
                default -> ERROR;
            };
        }
    }
}
