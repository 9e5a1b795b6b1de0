package dev.liverec.media.flv;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyframe index grows with the keyframes (a writer does not hold its full capacity from the start). */
class FlvIndexTest {
    @Test
    void indexGrowsPastItsFirstArraysAndThinsAtTheCap() {
        FlvIndex index = new FlvIndex(true, false, 40);
        int size = index.tagSize();
        for (int i = 0; i < 30; i++) index.video(i * 2000L, 1000L + i * 500, 100, true);
        assertThat(times(index)).hasSize(30).element(29).isEqualTo(58.0);
        for (int i = 30; i < 100; i++) index.video(i * 2000L, 1000L + i * 500, 100, true);
        List<?> times = times(index);
        assertThat(times).hasSizeBetween(20, 40); // thinned to every 2nd, then every 4th keyframe
        assertThat(times.get(0)).isEqualTo(0.0);
        assertThat(times.get(1)).isEqualTo(8.0);
        assertThat(index.render(true, 0).readableBytes()).as("fixed layout").isEqualTo(size);
    }

    private static List<?> times(FlvIndex index) {
        ByteBuf tag = index.render(true, 0);
        tag.skipBytes(4 + 11); // PreviousTagSize0, tag header
        assertThat(ScriptData.read(tag)).isEqualTo("onMetaData");
        Map<?, ?> meta = (Map<?, ?>) ScriptData.read(tag);
        return (List<?>) ((Map<?, ?>) meta.get("keyframes")).get("times");
    }
}
