package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;

/**
 * An MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), reduced to what remuxing needs. For explicitly
 * signalled SBR/PS (HE-AAC) {@link #objectType()} is the core object type and {@link #sampleRate()} the core
 * rate, which is what an ADTS header must carry.
 */
public record AacConfig(int objectType, int sampleRateIndex, int sampleRate, int channelConfig,
                        int extensionObjectType) {

    public static final int[] SAMPLE_RATES = {
            96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    public static AacConfig parse(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), b);
        return parse(b);
    }

    public static AacConfig parse(byte[] asc) {
        if (asc.length < 2) throw new MediaFormatException("AudioSpecificConfig too short");
        BitReader r = new BitReader(asc);
        int aot = objectType(r);
        int[] rate = rate(r);
        int channels = r.u(4);
        int ext = 0;
        if (aot == 5 || aot == 29) {
            ext = aot;
            rate(r); // extension sampling frequency
            aot = objectType(r);
        }
        if (aot == 0) throw new MediaFormatException("AAC object type 0");
        return new AacConfig(aot, rate[0], rate[1], channels, ext);
    }

    private static int objectType(BitReader r) {
        int aot = r.u(5);
        return aot == 31 ? 32 + r.u(6) : aot;
    }

    private static int[] rate(BitReader r) {
        int index = r.u(4);
        if (index == 15) return new int[]{15, r.u(24)};
        if (index >= SAMPLE_RATES.length) throw new MediaFormatException("bad AAC sampling index " + index);
        return new int[]{index, SAMPLE_RATES[index]};
    }

    /** Channel count (channel configuration 7 means 7.1 = 8 channels). */
    public int channels() {
        return channelConfig == 7 ? 8 : channelConfig;
    }

    /** Output samples per frame at the core rate. */
    public int samplesPerFrame() {
        return 1024;
    }

    public static final int ADTS_HEADER_SIZE = 7;

    /** Writes the 7-byte ADTS header (no CRC) for a raw frame of {@code payloadLength} bytes. */
    public void writeAdtsHeader(ByteBuf out, int payloadLength) {
        if (objectType > 4) throw new MediaFormatException("AAC object type " + objectType + " not expressible in ADTS");
        if (sampleRateIndex == 15) throw new MediaFormatException("explicit AAC sample rate not expressible in ADTS");
        int len = payloadLength + ADTS_HEADER_SIZE;
        if (len > 0x1FFF) throw new MediaFormatException("AAC frame too large for ADTS: " + payloadLength);
        int profile = objectType - 1;
        out.writeByte(0xFF);
        out.writeByte(0xF1); // MPEG-4, layer 0, no CRC
        out.writeByte((profile << 6) | (sampleRateIndex << 2) | ((channelConfig >> 2) & 1));
        out.writeByte(((channelConfig & 3) << 6) | (len >> 11));
        out.writeByte((len >> 3) & 0xFF);
        out.writeByte(((len & 7) << 5) | 0x1F);
        out.writeByte(0xFC);
    }

    /** "mp4a.40.N" codec string for manifests. */
    public String codecString() {
        return "mp4a.40." + (extensionObjectType != 0 ? extensionObjectType : objectType);
    }
}
