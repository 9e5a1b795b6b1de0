package dev.liverec.app;

import dev.liverec.config.LiverecConfig;

import java.net.InetAddress;

/** This node's IP address, as modules report it (its id is {@code ServerContext.node()}). */
final class NodeAddress {
    private NodeAddress() {}

    /**
     * The base URL other nodes reach this node's HTTP listener at (not http.publicUrl, which may be a balancer in
     * front of every node): the listen host, or this machine's address when it listens on every interface.
     */
    static String httpUrl(LiverecConfig config) {
        var http = config.http;
        boolean any = http.host == null || http.host.isBlank() || http.host.equals("0.0.0.0") || http.host.equals("::");
        String host = any ? ip() : http.host;
        if (host.contains(":")) host = "[" + host + "]";
        return (http.tlsCertFile != null ? "https" : "http") + "://" + host + ":" + http.port;
    }

    static String ip() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
