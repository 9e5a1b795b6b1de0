package dev.liverec.media.hls;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HlsSegmenterTest {

    /** Segment lengths for 60 s of 30 fps video with the given GOP, and whether any cut was forced. */
    private static List<Long> run(int targetS, long gopMs, List<HlsSegmenter.Cut> cuts) {
        HlsSegmenter s = new HlsSegmenter(targetS, true);
        List<Long> lengths = new ArrayList<>();
        long lastKey = -gopMs;
        for (long i = 0; i < 1800; i++) {
            long dts = Math.round(i * 1000 / 30.0);
            boolean key = dts - lastKey >= gopMs;
            if (key) lastKey = dts;
            MediaPacket p = new MediaPacket(Codec.H264, dts, dts, key, false, Unpooled.EMPTY_BUFFER);
            HlsSegmenter.Cut c = s.next(p);
            if (c != HlsSegmenter.Cut.NONE) {
                lengths.add(s.lastSegmentMs());
                cuts.add(c);
            }
            // audio never cuts when there is video
            assertThat(s.next(new MediaPacket(Codec.AAC, dts, dts, true, false, Unpooled.EMPTY_BUFFER))).isEqualTo(HlsSegmenter.Cut.NONE);
        }
        return lengths;
    }

    @Test
    void cutsAtKeyframesWithinTheRoundedTarget() {
        List<HlsSegmenter.Cut> cuts = new ArrayList<>();
        assertThat(run(4, 2000, cuts)).hasSize(14).allMatch(l -> l >= 3900 && l <= 4100);
        assertThat(cuts).containsOnly(HlsSegmenter.Cut.KEYFRAME);
        cuts.clear();
        // GOP 3 s, target 4 s: waiting for the keyframe at 6 s would break the target, so cut at 3 s
        assertThat(run(4, 3000, cuts)).allMatch(l -> l >= 2900 && l <= 3100);
        assertThat(cuts).containsOnly(HlsSegmenter.Cut.KEYFRAME);
    }

    @Test
    void gopLongerThanTargetForcesCutsThatStillRoundToTheTarget() {
        List<HlsSegmenter.Cut> cuts = new ArrayList<>();
        List<Long> lengths = run(4, 6000, cuts);
        assertThat(cuts).contains(HlsSegmenter.Cut.FORCED);
        assertThat(lengths).allMatch(l -> Math.round(l / 1000.0) <= 4 && l > 0);
    }

    /** Frames before the first keyframe (dropped by the writers) do not count towards the first segment. */
    @Test
    void firstSegmentStartsAtTheFirstKeyframe() {
        HlsSegmenter s = new HlsSegmenter(4, true);
        for (long dts = 0; dts < 1900; dts += 40) {
            assertThat(s.next(new MediaPacket(Codec.H264, dts, dts, false, false, Unpooled.EMPTY_BUFFER))).isEqualTo(HlsSegmenter.Cut.NONE);
        }
        List<Long> lengths = new ArrayList<>();
        for (long dts = 2000; dts < 12_000; dts += 40) {
            boolean key = (dts - 2000) % 2000 == 0;
            if (s.next(new MediaPacket(Codec.H264, dts, dts, key, false, Unpooled.EMPTY_BUFFER)) != HlsSegmenter.Cut.NONE) {
                lengths.add(s.lastSegmentMs());
            }
        }
        assertThat(lengths).containsExactly(4000L, 4000L);
        assertThat(s.cut()).isEqualTo(2000L);
        assertThat(s.next(new MediaPacket(Codec.H264, 12_000, 12_000, false, false, Unpooled.EMPTY_BUFFER))).isEqualTo(HlsSegmenter.Cut.NONE);
        assertThat(s.segmentStart()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void audioOnlyCutsAtTheTarget() {
        HlsSegmenter s = new HlsSegmenter(2, false);
        List<Long> lengths = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long dts = Math.round(i * 1024 * 1000 / 44100.0);
            if (s.next(new MediaPacket(Codec.AAC, dts, dts, true, false, Unpooled.EMPTY_BUFFER)) != HlsSegmenter.Cut.NONE) {
                lengths.add(s.lastSegmentMs());
            }
        }
        assertThat(lengths).hasSize(5).allMatch(l -> l >= 2000 && l < 2030);
    }
}
