package dev.liverec.clip;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import io.netty.buffer.ByteBufUtil;

import java.util.Arrays;
import java.util.List;

/**
 * Whether two sequence headers configure the decoder alike though their bytes differ: the same stream recorded as
 * FLV carries the publisher's avcC and AudioSpecificConfig, while an HLS recording read back yields ones rebuilt
 * from the SPS/PPS and ADTS headers (no High-profile extension or SBR sync extension, say).
 */
final class SameDecoderConfig {
    private SameDecoderConfig() {}

    static boolean of(MediaPacket a, MediaPacket b) {
        if (ByteBufUtil.equals(a.payload(), b.payload())) return true;
        try {
            return switch (a.codec()) {
                case H264 -> {
                    AvcDecoderConfig x = AvcDecoderConfig.parse(a.payload()), y = AvcDecoderConfig.parse(b.payload());
                    yield same(x.sps(), y.sps()) && same(x.pps(), y.pps()) && x.nalLengthSize() == y.nalLengthSize();
                }
                case AAC -> AacConfig.parse(a.payload()).equals(AacConfig.parse(b.payload()));
                default -> false;
            };
        } catch (MediaFormatException e) {
            return false;
        }
    }

    private static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }
}
