package dev.liverec.rtmp.server;

import java.util.Locale;

/** {@code rtmp.proxyProtocol}: whether RTMP connections start with a PROXY protocol (v1 or v2) header. */
public enum ProxyProtocolMode {
    /** No header is read; a connection that sends one fails its RTMP handshake. */
    OFF,
    /** A header is used when the connection starts with one; plain RTMP clients connect as before. */
    OPTIONAL,
    /** Every connection must start with a header; one without (or with a malformed one) is closed. */
    REQUIRED;

    public static ProxyProtocolMode parse(String value) {
        if (value == null || value.isBlank()) return OFF;
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rtmp.proxyProtocol: off, optional or required, not '" + value + "'");
        }
    }
}
