package dev.liverec.app;

/**
 * One component of the server (API gateway, control plane, storage, RTMP ingest, console, recording). A module is
 * built by its constructor from the {@link ServerContext} and the parts of other modules it uses, passed
 * explicitly: it registers its actions and HTTP routes and what must be closed at shutdown. A module that needs a
 * part another module owns cannot be built without it, so a missing dependency fails at start-up.
 */
public interface Module {
    /** Called after every module is built and the listeners are up (e.g. start background work, resume from the DB). */
    default void start() throws Exception {}
}
