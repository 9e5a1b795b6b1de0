package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;
import io.netty.buffer.ByteBuf;

/** An MPEG-1/2/2.5 audio frame header (layers I–III). */
public record Mp3FrameHeader(int version, int layer, int bitrateKbps, int sampleRate, boolean padding,
                             int channels, int frameLength, int samplesPerFrame) {

    /** MPEG version: 1, 2, or 25 for MPEG-2.5. */
    public static final int MPEG1 = 1, MPEG2 = 2, MPEG25 = 25;

    private static final int[][] BITRATES = {
            {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // V1 L1
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},    // V1 L2
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},     // V1 L3
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},    // V2 L1
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};        // V2 L2/L3
    private static final int[] RATES_V1 = {44100, 48000, 32000};

    public static Mp3FrameHeader parse(ByteBuf buf) {
        if (buf.readableBytes() < 4) throw new MediaFormatException("MP3 frame too short");
        return parse(buf.getInt(buf.readerIndex()));
    }

    public static Mp3FrameHeader parse(int h) {
        if ((h >>> 21) != 0x7FF) throw new MediaFormatException("no MPEG audio sync");
        int versionBits = (h >> 19) & 3;
        int layerBits = (h >> 17) & 3;
        int bitrateIndex = (h >> 12) & 15;
        int rateIndex = (h >> 10) & 3;
        boolean padding = ((h >> 9) & 1) == 1;
        int mode = (h >> 6) & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            throw new MediaFormatException("unsupported MPEG audio header " + Integer.toHexString(h));
        }
        int version = versionBits == 3 ? MPEG1 : versionBits == 2 ? MPEG2 : MPEG25;
        int layer = 4 - layerBits;
        int table = version == MPEG1 ? layer - 1 : (layer == 1 ? 3 : 4);
        int bitrate = BITRATES[table][bitrateIndex];
        int rate = RATES_V1[rateIndex] / (version == MPEG1 ? 1 : version == MPEG2 ? 2 : 4);
        int samples = layer == 1 ? 384 : layer == 2 ? 1152 : (version == MPEG1 ? 1152 : 576);
        int pad = padding ? 1 : 0;
        int length = layer == 1
                ? (12 * bitrate * 1000 / rate + pad) * 4
                : samples / 8 * bitrate * 1000 / rate + pad;
        return new Mp3FrameHeader(version, layer, bitrate, rate, padding, mode == 3 ? 1 : 2, length, samples);
    }
}
