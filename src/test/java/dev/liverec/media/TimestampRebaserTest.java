package dev.liverec.media;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampRebaserTest {
    private final TimestampRebaser r = new TimestampRebaser(10_000, 500);
    private final List<TimestampRebaser.Jump> jumps = new ArrayList<>();

    private long video(long dts, long pts) {
        return feed(new MediaPacket(Codec.H264, dts, pts, false, false, Unpooled.buffer(1)), pts - dts);
    }

    private long audio(long dts) {
        return feed(new MediaPacket(Codec.AAC, dts, dts, true, false, Unpooled.buffer(1)), 0);
    }

    private long feed(MediaPacket p, long cts) {
        MediaPacket out = r.rebase(p);
        try {
            assertThat(out.compositionTime()).isEqualTo(cts);
            if (r.lastJump() != TimestampRebaser.Jump.NONE) jumps.add(r.lastJump());
            return out.dts();
        } finally {
            out.release();
            p.release();
            assertThat(p.refCnt()).isZero();
        }
    }

    @Test
    void firstPacketIsZeroAndCompositionOffsetsStay() {
        assertThat(video(5000, 5067)).isZero();
        assertThat(audio(5010)).isEqualTo(10);
        assertThat(video(5033, 5166)).isEqualTo(33);
        assertThat(audio(4990)).isEqualTo(11); // earlier than the recording start: clamped, still monotonic
        assertThat(audio(5033)).isEqualTo(33);
        assertThat(jumps).isEmpty();
    }

    /** With B-frames, the first frame after a restart is presented after every frame before it. */
    @Test
    void restartAfterBFramesKeepsPresentationOrder() {
        long maxPts = 0;
        for (int i = 0; i < 60; i++) {
            long dts = 1000 + Math.round(i * 1000 / 30.0);
            long cts = i % 3 == 1 ? 100 : 33;
            long out = video(dts, dts + cts);
            maxPts = Math.max(maxPts, out + cts);
        }
        long out = video(50, 117); // restarted clock, keyframe with a 67 ms composition offset
        assertThat(jumps).containsExactly(TimestampRebaser.Jump.BACKWARD);
        assertThat(out + 67).isGreaterThan(maxPts);
        // on the 33.3 ms grid of the first frame's pts (1033 → 33 after rebasing)
        double slot = (out + 67 - 33) / (1000 / 30.0);
        assertThat(Math.abs(slot - Math.round(slot))).isLessThan(0.05);
    }

    @Test
    void wrapAroundIsContinuous() {
        long t = (1L << 32) - 100;
        long prev = -1;
        for (int i = 0; i < 10; i++) {
            long out = audio((t + i * 23L) & 0xFFFFFFFFL);
            assertThat(out).isEqualTo(i * 23L);
            assertThat(out).isGreaterThan(prev);
            prev = out;
        }
        assertThat(jumps).containsExactly(TimestampRebaser.Jump.WRAP);
    }

    @Test
    void forwardGapAndRestartAreRepairedAndReported() {
        for (int i = 0; i < 30; i++) {
            video(1000 + i * 40L, 1000 + i * 40L);
            audio(1000 + i * 40L + 5);
        }
        long lastOut = 29 * 40 + 5;
        // publisher restarted its clock at 0: both tracks jump backwards and continue right after
        long v = video(0, 80);
        assertThat(jumps).containsExactly(TimestampRebaser.Jump.BACKWARD);
        assertThat(v).isEqualTo(1240); // the first free slot of the 40 ms frame grid after lastOut + one frame
        assertThat(v).isGreaterThanOrEqualTo(lastOut + 40);
        long a = audio(5);
        assertThat(jumps).hasSize(2);
        assertThat(a).isEqualTo(v + 5); // audio takes video's offset: A/V stay as published
        assertThat(video(40, 40)).isEqualTo(v + 40);
        // 30 s of silence on the wire: a forward gap
        long v2 = video(30_040, 30_040);
        assertThat(jumps.get(2)).isEqualTo(TimestampRebaser.Jump.FORWARD);
        assertThat(v2).isEqualTo(v + 120); // after the latest video pts (v + 80, the B-frame delayed keyframe)
        // small jitter backwards is clamped, not a discontinuity
        long a2 = audio(1000);
        int before = jumps.size();
        assertThat(audio(990)).isEqualTo(a2 + 1);
        assertThat(jumps).hasSize(before);
    }
}
