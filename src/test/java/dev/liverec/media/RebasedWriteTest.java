package dev.liverec.media;

import dev.liverec.media.adts.AdtsWriter;
import dev.liverec.media.flv.FlvWriter;
import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.media.ts.TsMuxer;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** write(p, dts, pts) is exactly write(packet with those timestamps), for every writer. */
class RebasedWriteTest {

    @Test
    void explicitTimestampsEqualRebasedPackets() throws Exception {
        List<MediaPacket> src = TestMedia.flvPackets(TestMedia.srcBf(), 1_200_000);
        // a 30 s gap in the middle, as after a stalled publisher: the rebaser closes it
        List<MediaPacket> in = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            MediaPacket p = src.get(i);
            long shift = i > src.size() / 2 ? 30_000 : 0;
            in.add(new MediaPacket(p.codec(), p.dts() + shift, p.pts() + shift, p.isKeyframe(), p.isSequenceHeader(), p.payload().retain()));
        }
        TestMedia.releaseAll(src);
        List<Function<ByteSink, MediaWriter>> writers = List.of(
                s -> new FlvWriter(s, true, true, FlvWriter.Options.DEFAULT),
                s -> new TsMuxer(s, Codec.H264, Codec.AAC),
                s -> new FragmentedMp4Writer(s, Codec.H264, Codec.AAC, 1000),
                s -> new AdtsWriter(s));
        try {
            for (Function<ByteSink, MediaWriter> factory : writers) {
                MemorySink a = new MemorySink(), b = new MemorySink(), c = new MemorySink();
                MediaWriter wa = factory.apply(a), wb = factory.apply(b), wc = factory.apply(c);
                TimestampRebaser ra = new TimestampRebaser(), rb = new TimestampRebaser();
                for (MediaPacket p : in) {
                    MediaPacket rebased = ra.rebase(p);
                    try {
                        wa.write(rebased);
                    } finally {
                        rebased.release();
                    }
                    long dts = rb.rebaseDts(p);
                    wb.write(p, dts, dts + p.compositionTime());
                    wc.write(p);
                }
                wa.close();
                wb.close();
                wc.close();
                String name = wa.getClass().getSimpleName();
                assertThat(b.toByteArray()).as(name).isEqualTo(a.toByteArray());
                if (wa instanceof AdtsWriter) continue; // ADTS has no timestamps
                assertThat(c.toByteArray()).as(name + " without rebasing").isNotEqualTo(a.toByteArray());
                assertThat(wa.durationMs()).as(name).isLessThan(wc.durationMs() - 20_000);
            }
        } finally {
            TestMedia.releaseAll(in);
        }
    }
}
