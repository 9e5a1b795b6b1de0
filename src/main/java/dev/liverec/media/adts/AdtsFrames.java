package dev.liverec.media.adts;

import dev.liverec.media.codec.AacConfig;

/**
 * Reads the leading run of whole ADTS frames of a file cut by a crash (the writer only wrote frames, so the first
 * header that is not one, or a frame running past the end, is where the cut is). Accepts any bytes.
 */
public final class AdtsFrames {
    /** @param wholeFrameBytes bytes of complete frames from the start; {@code durationMillis} what they hold */
    public record Run(int wholeFrameBytes, long durationMillis) {}

    private AdtsFrames() {}

    public static Run scan(byte[] b) {
        int i = 0;
        long samples = 0;
        int rate = 0;
        while (i + 7 <= b.length && (b[i] & 0xff) == 0xff && (b[i + 1] & 0xf0) == 0xf0) {
            int len = ((b[i + 3] & 0x03) << 11) | ((b[i + 4] & 0xff) << 3) | ((b[i + 5] & 0xe0) >> 5);
            int rateIndex = (b[i + 2] & 0x3c) >> 2;
            // indexes 13-15 are reserved/escape in ADTS: no frame the writer produced
            if (len < 7 || i + len > b.length || rateIndex >= AacConfig.SAMPLE_RATES.length) break;
            rate = AacConfig.SAMPLE_RATES[rateIndex];
            samples += 1024L * ((b[i + 6] & 0x03) + 1);
            i += len;
        }
        return new Run(i, rate == 0 ? 0 : samples * 1000 / rate);
    }
}
