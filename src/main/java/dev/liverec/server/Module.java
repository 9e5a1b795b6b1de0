package dev.liverec.server;

/**
 * One component of the server (API gateway, control plane, RTMP ingest, recording, console). A module wires itself
 * into the context: registers actions and HTTP routes, publishes the services others use, and registers what must
 * be closed at shutdown. Modules are installed in a fixed order, so a module may use what earlier ones published.
 */
public interface Module {
    void install(ServerContext ctx) throws Exception;

    /** Called after every module is installed and the listeners are up (e.g. resume work restored from the DB). */
    default void started(ServerContext ctx) throws Exception {}
}
