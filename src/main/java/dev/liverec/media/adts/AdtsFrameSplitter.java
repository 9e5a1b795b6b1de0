package dev.liverec.media.adts;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.AacConfig;
import io.netty.buffer.Unpooled;

import java.util.Arrays;
import java.util.List;

/**
 * ADTS frames (as an MPEG-TS PES carries AAC) → raw AAC frames, each dated 1024 samples after the one before, and an
 * AudioSpecificConfig sequence header before the first frame and whenever the ADTS headers change it.
 */
public final class AdtsFrameSplitter {
    private byte[] asc;

    /**
     * Appends the frames of {@code b[from..]} to {@code out}.
     * @param pts90 time of the first frame, 90 kHz
     */
    public void split(byte[] b, int from, long pts90, List<MediaPacket> out) {
        int i = from;
        int k = 0;
        while (i + 7 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF || (b[i + 1] & 0xF0) != 0xF0) throw new MediaFormatException("ADTS sync lost");
            boolean crc = (b[i + 1] & 1) == 0;
            int profile = (b[i + 2] >> 6) & 3;
            int rateIndex = (b[i + 2] >> 2) & 0xF;
            int channels = ((b[i + 2] & 1) << 2) | ((b[i + 3] >> 6) & 3);
            int len = ((b[i + 3] & 0x03) << 11) | ((b[i + 4] & 0xFF) << 3) | ((b[i + 5] & 0xE0) >> 5);
            int header = crc ? 9 : 7;
            if (rateIndex >= AacConfig.SAMPLE_RATES.length || len <= header || i + len > b.length) {
                throw new MediaFormatException("bad ADTS frame");
            }
            long ms = Math.floorDiv(pts90 + k * 1024L * 90_000 / AacConfig.SAMPLE_RATES[rateIndex], 90);
            byte[] config = {(byte) (((profile + 1) << 3) | (rateIndex >> 1)), (byte) (((rateIndex & 1) << 7) | (channels << 3))};
            if (!Arrays.equals(config, asc)) {
                asc = config;
                out.add(new MediaPacket(Codec.AAC, ms, ms, true, true, Unpooled.wrappedBuffer(config.clone())));
            }
            out.add(new MediaPacket(Codec.AAC, ms, ms, true, false, Unpooled.wrappedBuffer(Arrays.copyOfRange(b, i + header, i + len))));
            i += len;
            k++;
        }
    }
}
