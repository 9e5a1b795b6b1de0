package dev.liverec.rtmp.handshake;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The "complex" handshake of Flash Player 9+ / FMS 3+, which OBS, librtmp and ffmpeg clients send: a HMAC-SHA256
 * digest hidden in C1/S1 at an offset derived from four bytes of the packet (scheme 0: offset bytes at 8, digest
 * after 12; scheme 1: offset bytes at 772, digest after 776), keyed with the well-known player / server keys; S2
 * ends with a digest keyed by a hash of the client's digest. Players check S1 and S2 when they play.
 */
public final class HandshakeDigest {
    public static final int PACKET_SIZE = 1536;
    public static final int DIGEST_SIZE = 32;

    private static final byte[] KEY_TAIL = {
            (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
            (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
            (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
            (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE};
    /** "Genuine Adobe Flash Player 001" + tail; C1 digests use the first 30 bytes. */
    static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
    /** "Genuine Adobe Flash Media Server 001" + tail; S1 digests use the first 36 bytes, S2 the whole key. */
    static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
    static final int PLAYER_KEY_TEXT = 30;
    static final int SERVER_KEY_TEXT = 36;

    private HandshakeDigest() {}

    /** Offset of the digest in a 1536-byte packet for scheme 0 or 1. */
    public static int digestOffset(byte[] packet, int scheme) {
        int base = scheme == 0 ? 8 : 772;
        int sum = (packet[base] & 0xFF) + (packet[base + 1] & 0xFF) + (packet[base + 2] & 0xFF) + (packet[base + 3] & 0xFF);
        return sum % 728 + base + 4;
    }

    /** The scheme (0 or 1) whose digest in {@code c1} verifies with the player key, or -1 (a plain handshake). */
    public static int findClientScheme(byte[] c1) {
        for (int scheme = 1; scheme >= 0; scheme--) {
            int off = digestOffset(c1, scheme);
            byte[] expected = packetDigest(c1, off, Arrays.copyOf(PLAYER_KEY, PLAYER_KEY_TEXT));
            if (MessageDigest.isEqual(expected, Arrays.copyOfRange(c1, off, off + DIGEST_SIZE))) return scheme;
        }
        return -1;
    }

    /** Writes a digest into {@code packet} (C1 with the player key, S1 with the server key) for the scheme. */
    public static void sign(byte[] packet, int scheme, boolean server) {
        int off = digestOffset(packet, scheme);
        byte[] key = server ? Arrays.copyOf(SERVER_KEY, SERVER_KEY_TEXT) : Arrays.copyOf(PLAYER_KEY, PLAYER_KEY_TEXT);
        System.arraycopy(packetDigest(packet, off, key), 0, packet, off, DIGEST_SIZE);
    }

    /** True when {@code s1} carries a valid server digest for the scheme (what a playing client checks). */
    public static boolean verifyServer(byte[] s1, int scheme) {
        int off = digestOffset(s1, scheme);
        byte[] expected = packetDigest(s1, off, Arrays.copyOf(SERVER_KEY, SERVER_KEY_TEXT));
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(s1, off, off + DIGEST_SIZE));
    }

    /** Fills the last 32 bytes of {@code s2} with its digest keyed by the peer's C1 digest. */
    public static void signResponse(byte[] s2, byte[] peerDigest, boolean server) {
        byte[] tail = responseDigest(s2, peerDigest, server);
        System.arraycopy(tail, 0, s2, PACKET_SIZE - DIGEST_SIZE, DIGEST_SIZE);
    }

    /** True when the last 32 bytes of {@code s2} are the response digest for {@code ownDigest} (client-side check). */
    public static boolean verifyResponse(byte[] s2, byte[] ownDigest, boolean fromServer) {
        byte[] expected = responseDigest(s2, ownDigest, fromServer);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(s2, PACKET_SIZE - DIGEST_SIZE, PACKET_SIZE));
    }

    public static byte[] digestAt(byte[] packet, int scheme) {
        int off = digestOffset(packet, scheme);
        return Arrays.copyOfRange(packet, off, off + DIGEST_SIZE);
    }

    private static byte[] responseDigest(byte[] packet, byte[] peerDigest, boolean server) {
        byte[] key = hmac(server ? SERVER_KEY : PLAYER_KEY, peerDigest, 0, peerDigest.length);
        return hmac(key, packet, 0, PACKET_SIZE - DIGEST_SIZE);
    }

    /** HMAC over the packet without its 32 digest bytes at {@code off}. */
    private static byte[] packetDigest(byte[] packet, int off, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(packet, 0, off);
            mac.update(packet, off + DIGEST_SIZE, PACKET_SIZE - off - DIGEST_SIZE);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(String text, byte[] tail) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
