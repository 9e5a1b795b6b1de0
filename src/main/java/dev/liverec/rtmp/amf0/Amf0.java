package dev.liverec.rtmp.amf0;

/** AMF0 type markers (AMF0 specification, section 2.1) and the two value-less singletons. */
public final class Amf0 {
    private Amf0() {}

    public static final int NUMBER = 0x00;
    public static final int BOOLEAN = 0x01;
    public static final int STRING = 0x02;
    public static final int OBJECT = 0x03;
    public static final int MOVIECLIP = 0x04;
    public static final int NULL = 0x05;
    public static final int UNDEFINED = 0x06;
    public static final int REFERENCE = 0x07;
    public static final int ECMA_ARRAY = 0x08;
    public static final int OBJECT_END = 0x09;
    public static final int STRICT_ARRAY = 0x0A;
    public static final int DATE = 0x0B;
    public static final int LONG_STRING = 0x0C;
    public static final int UNSUPPORTED = 0x0D;
    public static final int XML_DOCUMENT = 0x0F;
    public static final int TYPED_OBJECT = 0x10;
    public static final int AVMPLUS = 0x11;

    /** AMF0 {@code undefined}; {@code null} is Java null. */
    public enum Undefined { INSTANCE; @Override public String toString() { return "undefined"; } }
}
