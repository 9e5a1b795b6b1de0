package dev.liverec.record.output;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSinkTest {
    @Test
    void mixedSmallAndLargeWritesLandInOrder(@TempDir Path dir) throws Exception {
        mixedWrites(dir, null);
    }

    @Test
    void asynchronousWritesLandInOrderAndReleaseWhatTheyHeld(@TempDir Path dir) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            mixedWrites(dir, new SerialIo(pool));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aReusedBufferIsCopiedEvenWhenLargeAPayloadIsWrittenFromWhereItIs(@TempDir Path dir) throws Exception {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        try {
            SerialIo io = new SerialIo(pool);
            pool.execute(() -> { // the disk is behind: nothing is written until the caller reused its buffer
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            FileSink s = FileSink.create(dir.resolve("r.bin"), FileSink.WriteObserver.NONE, io);
            ByteBuf scratch = Unpooled.buffer(40_000);
            scratch.writeBytes(filled(40_000, (byte) 1));
            s.write(scratch); // a muxer's scratch buffer, 40 KB: copied
            scratch.setBytes(0, filled(40_000, (byte) 2)); // reused at once
            ByteBuf payload = Unpooled.directBuffer(40_000).writeBytes(filled(40_000, (byte) 3));
            s.writeShared(payload); // a packet payload: by reference
            assertThat(payload.refCnt()).as("held until written").isEqualTo(2);
            payload.release();
            hold.countDown();
            s.close();
            byte[] file = Files.readAllBytes(dir.resolve("r.bin"));
            assertThat(file).hasSize(80_000);
            assertThat(file[0]).isEqualTo((byte) 1);
            assertThat(file[39_999]).isEqualTo((byte) 1);
            assertThat(file[40_000]).isEqualTo((byte) 3);
            assertThat(payload.refCnt()).isZero();
        } finally {
            pool.shutdown();
        }
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }

    @Test
    void segmentAfterSegmentReusesTheSameFewBuffers(@TempDir Path dir) throws Exception {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        long before = dev.liverec.memory.DirectBlockPool.SHARED.allocatedBytes();
        long inUse = WriteBuffers.inUseBytes();
        try {
            for (int i = 0; i < 200; i++) { // HLS: a new sink per segment; each used to allocate its own 64 KiB
                FileSink s = FileSink.create(dir.resolve("seg" + i + ".ts"), FileSink.WriteObserver.NONE, new SerialIo(pool));
                for (int k = 0; k < 40; k++) s.write(new byte[5000]);
                s.close();
            }
            assertThat(WriteBuffers.inUseBytes() - inUse).as("every buffer given back").isZero();
            assertThat(dev.liverec.memory.DirectBlockPool.SHARED.allocatedBytes() - before).as("the same few blocks reused")
                    .isLessThanOrEqualTo(8L * WriteBuffers.BUFFER_BYTES);
            assertThat(DiskQueue.queuedBytes()).isZero();
            assertThat(Files.size(dir.resolve("seg199.ts"))).isEqualTo(200_000);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFailedAsynchronousWriteIsThrownByTheNextCall(@TempDir Path dir) throws Exception {
        var pool2 = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            SerialIo io = new SerialIo(pool2);
            FileSink s = FileSink.create(dir.resolve("g.bin"), FileSink.WriteObserver.NONE, io);
            s.write(new byte[10]);
            io.submit(0, () -> { throw new java.io.IOException("No space left on device"); });
            org.awaitility.Awaitility.await().until(() -> {
                try {
                    io.check();
                    return false;
                } catch (java.io.IOException e) {
                    return true;
                }
            });
            assertThatThrownBy(() -> s.write(new byte[1])).hasMessageContaining("No space left on device");
            assertThatThrownBy(s::flush).hasMessageContaining("No space left on device");
        } finally {
            pool2.shutdown();
        }
    }

    @Test
    void aGatheringSinkWritesPayloadsByReferenceBetweenItsOwnBytes(@TempDir Path dir) throws Exception {
        gatheringWrites(dir, null);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            gatheringWrites(dir, new SerialIo(pool));
        } finally {
            pool.shutdown();
        }
    }

    /** FLV-like: a large header copied, then tag headers copied and payloads shared, a patch at the start. */
    private void gatheringWrites(Path dir, SerialIo io) throws Exception {
        Random rnd = new Random(2);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        AtomicLong reported = new AtomicLong();
        long inUse = WriteBuffers.inUseBytes();
        Path f = dir.resolve("g" + (io == null ? "sync" : "async") + ".bin");
        java.util.List<ByteBuf> shared = new java.util.ArrayList<>();
        try (FileSink s = FileSink.create(f, (b, n) -> reported.addAndGet(b), io)) {
            byte[] meta = new byte[20_000]; // onMetaData with its reserved index
            rnd.nextBytes(meta);
            s.write(meta);
            expected.write(meta);
            for (int i = 0; i < 400; i++) {
                byte[] head = new byte[15];
                rnd.nextBytes(head);
                s.write(Unpooled.wrappedBuffer(head));
                expected.write(head);
                int len = i % 50 == 0 ? 60_000 : i % 5 == 0 ? 100 : 200 + rnd.nextInt(12_000);
                byte[] b = new byte[len];
                rnd.nextBytes(b);
                ByteBuf payload = i % 17 == 0 ? Unpooled.wrappedBuffer(b) : Unpooled.directBuffer(len + 3).writeZero(3).writeBytes(b).skipBytes(3);
                s.writeShared(payload);
                expected.write(b);
                assertThat(payload.readableBytes()).as("indexes untouched").isEqualTo(len);
                payload.release(); // the sink holds its own reference until written
                shared.add(payload);
                if (i == 200) {
                    byte[] big = new byte[10_000]; // an own write larger than the small buffer
                    rnd.nextBytes(big);
                    s.write(big);
                    expected.write(big);
                }
                assertThat(s.position()).isEqualTo(expected.size());
            }
            s.writeAt(100, Unpooled.wrappedBuffer(new byte[]{42, 43}));
        }
        byte[] want = expected.toByteArray();
        want[100] = 42;
        want[101] = 43;
        assertThat(Files.readAllBytes(f)).isEqualTo(want);
        assertThat(reported.get()).isEqualTo(expected.size());
        assertThat(shared).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(WriteBuffers.inUseBytes() - inUse).as("every buffer given back").isZero();
    }

    private void mixedWrites(Path dir, SerialIo io) throws Exception {
        Random rnd = new Random(1);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        AtomicLong reported = new AtomicLong();
        Path f = dir.resolve("out.bin");
        java.util.List<ByteBuf> passed = new java.util.ArrayList<>();
        try (FileSink s = FileSink.create(f, (b, n) -> reported.addAndGet(b), io)) {
            for (int i = 0; i < 300; i++) {
                int len = i % 7 == 0 ? 100_000 + rnd.nextInt(50_000) : rnd.nextInt(3000);
                byte[] b = new byte[len];
                rnd.nextBytes(b);
                expected.write(b);
                if (i % 3 == 0) {
                    s.write(b);
                } else {
                    ByteBuf buf = Unpooled.wrappedBuffer(new byte[5], b).skipBytes(5); // offset reader index
                    s.write(buf);
                    assertThat(buf.readableBytes()).isEqualTo(len); // indexes untouched
                    buf.release();
                    passed.add(buf);
                }
                s.writeByte(i);
                expected.write(i);
                assertThat(s.position()).isEqualTo(expected.size());
            }
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(expected.toByteArray());
        assertThat(reported.get()).isEqualTo(expected.size());
        assertThat(passed).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void writeAtPatchesBufferedAndWrittenBytesButNeverExtends(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.bin");
        try (FileSink s = FileSink.create(f, FileSink.WriteObserver.NONE)) {
            s.write(new byte[10]);
            s.writeAt(2, Unpooled.wrappedBuffer(new byte[]{7, 8}));
            s.write(new byte[]{1});
            assertThatThrownBy(() -> s.writeAt(10, Unpooled.wrappedBuffer(new byte[]{9, 9})))
                    .isInstanceOf(java.io.IOException.class);
        }
        assertThat(Files.readAllBytes(f)).containsExactly(0, 0, 7, 8, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void appendContinuesAndClosedSinksRefuse(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.bin");
        try (FileSink s = FileSink.create(f, FileSink.WriteObserver.NONE)) {
            s.write(new byte[]{1, 2});
        }
        FileSink s = FileSink.append(f, FileSink.WriteObserver.NONE);
        assertThat(s.position()).isEqualTo(2);
        s.write(new byte[]{3});
        s.close();
        assertThat(Files.readAllBytes(f)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> s.write(new byte[]{4})).isInstanceOf(java.io.IOException.class);
    }
}
