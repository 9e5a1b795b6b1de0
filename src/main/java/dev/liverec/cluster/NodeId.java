package dev.liverec.cluster;

import dev.liverec.config.LiverecConfig;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * This process's node id: the configured one, else the host name plus a short hash of the absolute data directory
 * and the RTMP port, so two processes on one host with different data directories never share an id (a shared id
 * let one node run crash recovery on another's live work) while a restart with the same settings keeps its id.
 */
public final class NodeId {
    private NodeId() {}

    public static String of(LiverecConfig config) {
        if (config.nodeName != null && !config.nodeName.isBlank()) return config.nodeName.trim();
        return hostName() + "-" + hash(config.dataPath() + ":" + config.rtmp.port);
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
