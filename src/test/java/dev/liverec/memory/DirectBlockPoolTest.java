package dev.liverec.memory;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocks are reused while the load swings; what stays idle a whole period is freed; a cap bounds the idle ones. */
class DirectBlockPoolTest {
    private static final int BLOCK = 1024;

    @Test
    void keepsWhatTheLoadSwingsByAndFreesWhatStayedIdleAWholePeriod() throws Exception {
        DirectBlockPool pool = new DirectBlockPool(BLOCK, 100, 100);
        List<ByteBuffer> taken = take(pool, 10);
        taken.forEach(pool::give);
        assertThat(pool.allocatedBytes()).isEqualTo(10L * BLOCK);
        for (int round = 0; round < 3; round++) { // the same 10 blocks go round, none allocated again
            take(pool, 10).forEach(pool::give);
        }
        assertThat(pool.allocatedBytes()).as("reused").isEqualTo(10L * BLOCK);

        Thread.sleep(120);
        pool.trimIfDue(); // the period that ended saw all ten taken at once: nothing was surplus
        assertThat(pool.idleBytes()).isEqualTo(10L * BLOCK);
        List<ByteBuffer> four = take(pool, 4); // from now on at most 6 idle, 4 in use
        Thread.sleep(120);
        pool.trimIfDue(); // six stayed idle through a whole period: freed
        assertThat(pool.idleBytes()).isZero();
        assertThat(pool.allocatedBytes()).isEqualTo(4L * BLOCK);
        four.forEach(pool::give);
        assertThat(pool.idleBytes()).isEqualTo(4L * BLOCK);
        pool.releaseIdle();
        assertThat(pool.allocatedBytes()).isZero();
    }

    @Test
    void freesAtOnceWhatIsGivenBackPastTheCap() {
        DirectBlockPool pool = new DirectBlockPool(BLOCK, 3, 60_000);
        take(pool, 5).forEach(pool::give);
        assertThat(pool.idleBytes()).isEqualTo(3L * BLOCK);
        assertThat(pool.allocatedBytes()).isEqualTo(3L * BLOCK);
        ByteBuffer b = pool.take();
        assertThat(b.capacity()).isEqualTo(BLOCK);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(BLOCK);
    }

    private static List<ByteBuffer> take(DirectBlockPool pool, int n) {
        List<ByteBuffer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(pool.take());
        return l;
    }
}
