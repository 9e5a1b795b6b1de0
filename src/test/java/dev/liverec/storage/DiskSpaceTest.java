package dev.liverec.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DiskSpaceTest {
    static final long MIN = 4L << 20;
    final AtomicLong free = new AtomicLong(100L << 20);
    final AtomicLong nanos = new AtomicLong(1);
    final List<String> heard = new CopyOnWriteArrayList<>();
    final DiskSpace disk = new DiskSpace("/data", free::get, MIN, Duration.ofSeconds(1), nanos::get);

    DiskSpaceTest() {
        disk.addListener(new DiskSpace.Listener() {
            @Override
            public void full(String problem) {
                heard.add("full");
            }

            @Override
            public void room() {
                heard.add("room");
            }
        });
    }

    private void later(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    void fullBelowTheThresholdAndRoomAgainOnlyAboveItsMarginAfterTheHoldTime() {
        disk.check();
        assertThat(disk.full()).isFalse();
        free.set(MIN - 1);
        disk.check();
        disk.check();
        assertThat(disk.full()).isTrue();
        assertThat(disk.problem()).startsWith("disk_full: /data has ").contains("minFreeBytes");
        free.set(MIN + 1); // above the threshold but not its margin: a freed segment is not room
        later(5000);
        disk.check();
        assertThat(disk.full()).isTrue();
        free.set(MIN + (2L << 20));
        disk.check();
        assertThat(disk.full()).isFalse();
        assertThat(heard).containsExactly("full", "room"); // one notice per change
    }

    @Test
    void enospcIsFullWhateverThePollSaidAndTheHoldDoublesWhenTheDiskRefillsSoon() {
        disk.noSpace(new IOException("No space left on device"));
        assertThat(disk.full()).isTrue();
        later(500);
        disk.check(); // space reported but the 1 s hold is not over
        assertThat(disk.full()).isTrue();
        later(600);
        disk.check();
        assertThat(disk.full()).isFalse();
        later(1000);
        disk.noSpace(new IOException("No space left on device")); // full again within a minute: hold 2 s
        later(1500);
        disk.check();
        assertThat(disk.full()).isTrue();
        later(600);
        disk.check();
        assertThat(disk.full()).isFalse();
        assertThat(heard).containsExactly("full", "room", "full", "room");
    }

    @Test
    void recognisesEnospcInTheCauseChain() {
        IOException enospc = new IOException("No space left on device");
        assertThat(DiskSpace.isNoSpace(new IOException("an earlier file write failed: x", enospc))).isTrue();
        assertThat(DiskSpace.isNoSpace(new IOException("Broken pipe"))).isFalse();
        assertThat(DiskSpace.isNoSpace(null)).isFalse();
    }
}
