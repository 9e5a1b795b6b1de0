package dev.liverec.api;

/**
 * One API action. {@link #handle} runs on a worker thread (it may block on the database) and returns the
 * response fields: a Jackson-serializable object or map whose properties go into {@code Response}, next to the
 * RequestId that the gateway adds.
 */
public interface ApiAction {
    String name();

    Object handle(ApiCall call);
}
