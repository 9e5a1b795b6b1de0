package dev.liverec.rtmp.amf0;

/** Malformed AMF0 input (unknown marker, truncated value, nesting too deep). */
public final class Amf0Exception extends RuntimeException {
    public Amf0Exception(String message) {
        super(message, null, false, false);
    }
}
