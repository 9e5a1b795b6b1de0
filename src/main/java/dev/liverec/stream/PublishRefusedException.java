package dev.liverec.stream;

/** A publish attempt was refused (auth, forbidden stream, already publishing); the reason is logged and sent. */
public class PublishRefusedException extends Exception {
    private final String statusCode;

    public PublishRefusedException(String statusCode, String message) {
        super(message, null, false, false);
        this.statusCode = statusCode;
    }

    /** The RTMP onStatus code to answer with, e.g. {@code NetStream.Publish.BadName}. */
    public String statusCode() { return statusCode; }
}
