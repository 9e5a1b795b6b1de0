package dev.liverec.app;

import java.util.List;

/** Builds the modules of a node over its context, each with its dependencies; {@link FullNode#wire} is the default. */
@FunctionalInterface
public interface Wiring {
    List<Module> wire(ServerContext ctx) throws Exception;
}
