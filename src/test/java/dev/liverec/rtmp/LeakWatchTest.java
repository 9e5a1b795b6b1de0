package dev.liverec.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak watch used by the RTMP tests does fail on a leaked buffer (so its silence means something). */
class LeakWatchTest {
    @Test
    void reportsALeakedBuffer() {
        LeakWatch watch = LeakWatch.install();
        leak();
        assertThatThrownBy(watch::assertNoLeaks).isInstanceOf(AssertionError.class).hasMessageContaining("LEAK");
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(1);
        // dropped without release
    }
}
