package dev.liverec.record.session;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {
    private static MediaPacket v(long dts, long pts, boolean key) {
        return new MediaPacket(Codec.H264, dts, pts, key, false, Unpooled.EMPTY_BUFFER);
    }

    private static MediaPacket a(long dts) {
        return new MediaPacket(Codec.AAC, dts, dts, false, false, Unpooled.EMPTY_BUFFER);
    }

    @Test
    void rebasesBothTracksOnTheStartPacketAndDropsAudioBeforeIt() {
        Timeline t = new Timeline();
        t.start(10_000, 0);
        assertThat(t.map(a(9_990))).isEqualTo(Timeline.Verdict.DROP);
        assertThat(t.map(v(10_000, 10_080, true))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.outDts()).isZero();
        assertThat(t.outPts()).isEqualTo(80);
        assertThat(t.map(a(10_005))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.outDts()).isEqualTo(5);
        assertThat(t.map(v(10_040, 10_040, false))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.end()).isEqualTo(80); // last video 40 + its 40 ms step
    }

    @Test
    void smallStepsBackAreClampedForwardPerTrack() {
        Timeline t = new Timeline();
        t.start(0, 0);
        t.map(v(0, 0, true));
        t.map(v(40, 40, false));
        assertThat(t.map(v(30, 30, false))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.outDts()).isEqualTo(41);
        t.map(a(100));
        assertThat(t.map(a(100))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.outDts()).isEqualTo(101);
    }

    @Test
    void jumpsForwardAndBackAreReportedAndBridged() {
        Timeline t = new Timeline();
        t.start(0, 0);
        t.map(v(0, 0, true));
        t.map(v(40, 40, false));
        assertThat(t.map(v(40 + Timeline.MAX_FORWARD_GAP_MS + 1, 0, false))).isEqualTo(Timeline.Verdict.JUMP);
        assertThat(t.map(v(40 - Timeline.MAX_BACKWARD_MS - 1, 0, false))).isEqualTo(Timeline.Verdict.JUMP);
        // a publisher restarting its clock (wrap, reconnect): continue right after what was written
        t.bridge(500);
        assertThat(t.map(v(500, 500, true))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.outDts()).isEqualTo(80);
        assertThat(t.map(a(510))).isEqualTo(Timeline.Verdict.OK);
        assertThat(t.outDts()).isEqualTo(90);
    }
}
