package dev.liverec.clip;

/** Why a clip was refused or failed; the API maps each reason to a Tencent error code. */
public final class ClipFailure extends Exception {
    public enum Reason {
        /** The source file does not exist for this account. */
        FILE_NOT_FOUND,
        /** No readable recording of the stream overlaps the range. */
        NO_MEDIA,
        /** The source file cannot be a clip source (a clip, or an audio-only AAC/MP3 recording). */
        UNSUPPORTED_SOURCE,
        /** The node already cuts its maximum number of clips. */
        BUSY,
        /** Reading or writing failed. */
        IO
    }

    private final Reason reason;

    public ClipFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
