package dev.liverec.rtmp.client;

/** How far a {@link RtmpPublisher} got; the stage a failed publish stopped in says what failed. */
public enum PublishStage {
    /** TCP connect: a failure here is a refused or timed-out connection. */
    CONNECTING,
    /** C0–C2 / S0–S2 exchange. */
    HANDSHAKE,
    /** connect … publish: a failure here is the server refusing the publish (or closing before it answered). */
    COMMANDS,
    /** NetStream.Publish.Start received: a close from here on is a disconnect. */
    PUBLISHING
}
