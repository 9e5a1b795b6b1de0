package dev.liverec.cluster;

/** Another live process holds this node id (its heartbeat is within the lease): this one must not start. */
public final class NodeIdInUseException extends IllegalStateException {
    public NodeIdInUseException(String message) {
        super(message);
    }
}
