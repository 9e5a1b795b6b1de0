package dev.liverec.stream;

/** Publish / unpublish events of the hub. Called on the publisher's event loop: hand blocking work elsewhere. */
public interface StreamListener {
    default void onPublish(LiveStream stream) {}

    default void onUnpublish(LiveStream stream) {}
}
