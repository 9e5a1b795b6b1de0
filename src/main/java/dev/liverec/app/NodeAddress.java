package dev.liverec.app;

import java.net.InetAddress;

/** This node's IP address, as modules report it (its id is {@code ServerContext.node()}). */
final class NodeAddress {
    private NodeAddress() {}

    static String ip() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
