package dev.liverec.media;

/** Malformed media data (a bad config record, a truncated tag). Callers drop the packet or the peer. */
public class MediaFormatException extends RuntimeException {
    public MediaFormatException(String message) {
        super(message);
    }
}
