package dev.liverec.app;

import dev.liverec.config.LiverecConfig;

import java.net.InetAddress;

/** This node's name (configured, else the host name) and IP address, as modules report them. */
final class NodeAddress {
    private NodeAddress() {}

    static String name(LiverecConfig config) {
        if (config.nodeName != null && !config.nodeName.isBlank()) return config.nodeName;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }

    static String ip() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
