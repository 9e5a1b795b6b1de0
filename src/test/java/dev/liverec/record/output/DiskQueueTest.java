package dev.liverec.record.output;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Outputs each under their own bound but together past the process's: those that queue more wait for the disk. */
class DiskQueueTest {
    @Test
    void outputsThatQueueMoreAreHeldUntilTheTotalFell() throws Exception {
        ExecutorService disk = Executors.newFixedThreadPool(2);
        CountDownLatch stalled = new CountDownLatch(1);
        ConcurrentHashMap<SerialIo, Boolean> told = new ConcurrentHashMap<>();
        SerialIo.Backpressure pressure = io -> told.put(io, io.behind());
        long holdsBefore = DiskQueue.holds();
        try {
            List<SerialIo> outputs = new ArrayList<>();
            long each = 6L << 20; // under one output's own bound of 8 MiB
            for (int i = 0; i * each <= DiskQueue.HIGH_WATER; i++) {
                SerialIo io = new SerialIo(disk, pressure);
                outputs.add(io);
                io.submit(each, () -> await(stalled));
            }
            SerialIo last = outputs.get(outputs.size() - 1);
            SerialIo first = outputs.get(0);
            assertThat(DiskQueue.queuedBytes()).isGreaterThan(DiskQueue.HIGH_WATER);
            assertThat(last.behind()).as("the output that crossed the total is held").isTrue();
            assertThat(first.behind()).as("one that queued nothing since is not").isFalse();
            first.submit(1, () -> {});
            assertThat(first.behind()).as("queuing more while the total is past its bound: held").isTrue();
            assertThat(told).containsEntry(first, true).containsEntry(last, true);
            assertThat(DiskQueue.holds() - holdsBefore).isEqualTo(2);

            stalled.countDown(); // the disk goes on
            for (SerialIo io : outputs) io.awaitIdle();
            assertThat(DiskQueue.queuedBytes()).isZero();
            assertThat(first.behind()).isFalse();
            assertThat(last.behind()).isFalse();
            assertThat(told).as("each held output told it may go on").containsEntry(first, false).containsEntry(last, false);
        } finally {
            stalled.countDown();
            disk.shutdown();
            assertThat(disk.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
