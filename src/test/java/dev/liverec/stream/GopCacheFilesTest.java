package dev.liverec.stream;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The GOP cache with its payloads in a file (issue 11): same packets back, no payload held once written. */
class GopCacheFilesTest {
    @TempDir
    Path dir;
    private final Random random = new Random(7);
    private final List<MediaPacket> sent = new ArrayList<>();
    private GopFiles files;

    @AfterEach
    void close() throws Exception {
        sent.forEach(MediaPacket::safeRelease);
        if (files != null) files.close();
    }

    private MediaPacket packet(Codec c, long dts, boolean key, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        ByteBuf buf = Unpooled.directBuffer(size).writeBytes(b);
        MediaPacket p = new MediaPacket(c, dts, dts + 40, key, false, buf);
        sent.add(p);
        return p;
    }

    private static MediaPacket header(Codec c) {
        return new MediaPacket(c, 0, 0, c == Codec.H264, true, Unpooled.wrappedBuffer(new byte[] {9}));
    }

    /** A GOP of {@code frames} video frames of ~6 KB with an audio frame after each; returns its packets. */
    private List<MediaPacket> gop(GopCache cache, long start, int frames) {
        List<MediaPacket> gop = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            MediaPacket v = packet(Codec.H264, start + i * 33L, i == 0, i == 0 ? 30_000 : 3000 + random.nextInt(6000));
            MediaPacket a = packet(Codec.AAC, start + i * 33L + 10, false, 300 + random.nextInt(200));
            cache.add(v);
            cache.add(a);
            gop.add(v);
            gop.add(a);
        }
        return gop;
    }

    private static List<String> replay(GopCache cache) {
        List<String> got = new ArrayList<>();
        cache.replay(true, p -> got.add(describe(p)));
        return got;
    }

    private static String describe(MediaPacket p) {
        return p.codec() + "@" + p.dts() + "/" + p.pts() + (p.isKeyframe() ? "K" : "") + (p.isSequenceHeader() ? "H" : "")
                + ":" + ByteBufUtil.hexDump(p.payload());
    }

    private static List<String> expected(List<MediaPacket> headers, List<MediaPacket> gop) {
        List<String> l = new ArrayList<>();
        headers.forEach(p -> l.add(describe(p)));
        gop.forEach(p -> l.add(describe(p)));
        return l;
    }

    @Test
    void aReaderGetsTheGopBackFromTheFileAndFromBatchesNotWrittenYet() throws Exception {
        files = new GopFiles(dir, 32 << 20);
        LongAdder node = new LongAdder();
        GopCache cache = new GopCache(16 << 20, 1000, node, files);
        MediaPacket vh = header(Codec.H264), ah = header(Codec.AAC);
        cache.add(vh);
        cache.add(ah);
        gop(cache, 0, 60); // replaced by the next keyframe
        List<MediaPacket> gop = gop(cache, 2000, 45);
        long bytes = gop.stream().mapToLong(MediaPacket::size).sum();
        assertThat(cache.bytes()).isEqualTo(bytes);
        assertThat(node.sum()).isEqualTo(bytes);

        // right away: some batches may still be queued or filling; either way the same packets come back
        assertThat(replay(cache)).isEqualTo(expected(List.of(vh, ah), gop));

        await().until(() -> files.inFlightBytes() == 0);
        // written: the cache holds no payload of them any more (only the open batch's, under 64 KiB)
        long held = gop.stream().filter(p -> p.refCnt() > 1).mapToLong(MediaPacket::size).sum();
        assertThat(held).isLessThan(GopFiles.BATCH_BYTES + 10_000);
        assertThat(files.memoryBytes()).isEqualTo(held);
        assertThat(replay(cache)).isEqualTo(expected(List.of(vh, ah), gop));
        try (var list = Files.list(dir)) {
            assertThat(list).as("the file is unlinked while open").isEmpty();
        }

        cache.clear();
        assertThat(node.sum()).isZero();
        assertThat(files.memoryBytes()).isZero();
        assertThat(gop).allSatisfy(p -> assertThat(p.refCnt()).isEqualTo(1));
    }

    @Test
    void aKeyframeStartsTheFileAgainAndSuspendDropsIt() throws Exception {
        files = new GopFiles(dir, 32 << 20);
        GopCache cache = new GopCache(16 << 20, 1000, new LongAdder(), files);
        gop(cache, 0, 90);
        List<MediaPacket> second = gop(cache, 3000, 10); // shorter: stale bytes of the first GOP stay past it
        await().until(() -> files.inFlightBytes() == 0);
        assertThat(replay(cache)).isEqualTo(expected(List.of(), second));

        cache.suspend();
        assertThat(replay(cache)).isEmpty();
        assertThat(cache.bytes()).isZero();
        cache.clear();
    }

    @Test
    void writesTooFarBehindDropTheGopAndTheCacheStartsAgainAtTheNextKeyframe() throws Exception {
        files = new GopFiles(dir, -1); // always behind
        GopCache cache = new GopCache(16 << 20, 1000, new LongAdder(), files);
        gop(cache, 0, 30);
        assertThat(files.droppedGops()).isEqualTo(1);
        assertThat(cache.bytes()).isZero();
        assertThat(files.memoryBytes()).isZero();
        List<MediaPacket> small = gop(cache, 2000, 3); // under one batch: kept
        assertThat(replay(cache)).isEqualTo(expected(List.of(), small));
        cache.clear();
    }

    @Test
    void aBatchLetGoUnwrittenIsNeverReadBackFromTheFile() throws Exception {
        files = new GopFiles(dir, 32 << 20);
        GopFiles.Batch written = files.new Batch(0), lost = files.new Batch(0), waiting = files.new Batch(0);
        MediaPacket a = packet(Codec.H264, 0, true, 1000), b = packet(Codec.H264, 33, false, 1000),
                c = packet(Codec.H264, 66, false, 1000);
        written.add(a.retain());
        lost.add(b.retain());
        waiting.add(c.retain());
        written.letGo(true);
        lost.letGo(false);
        assertThat(written.pin()).as("in the file").isNull();
        assertThatThrownBy(lost::pin).isInstanceOf(IOException.class);
        List<MediaPacket> pinned = waiting.pin();
        assertThat(pinned).containsExactly(c);
        assertThat(c.refCnt()).isEqualTo(3);
        pinned.forEach(MediaPacket::release);
        waiting.letGo(true);
        assertThat(List.of(a, b, c)).allSatisfy(p -> assertThat(p.refCnt()).isEqualTo(1));
        assertThat(files.memoryBytes()).isZero();
    }

    @Test
    void withoutAFileTheGopStaysInMemory() throws IOException, InterruptedException {
        files = new GopFiles(dir, 32 << 20);
        Files.delete(dir);
        Files.writeString(dir, "not a directory"); // files cannot be created here any more
        GopCache cache = new GopCache(16 << 20, 1000, new LongAdder(), files);
        List<MediaPacket> gop = gop(cache, 0, 40);
        assertThat(replay(cache)).isEqualTo(expected(List.of(), gop));
        assertThat(gop).allSatisfy(p -> assertThat(p.refCnt()).isEqualTo(2)); // the cache holds them
        cache.clear();
        Files.delete(dir);
    }

    @Test
    void anAudioOnlyStreamKeepsItsWindowInMemory() throws Exception {
        files = new GopFiles(dir, 32 << 20);
        GopCache cache = new GopCache(16 << 20, 1000, new LongAdder(), files);
        List<MediaPacket> audio = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MediaPacket a = packet(Codec.AAC, i * 23L, false, 400);
            cache.add(a);
            audio.add(a);
        }
        List<String> got = replay(cache);
        assertThat(got).isEqualTo(expected(List.of(), audio.stream().filter(p -> p.dts() >= 99 * 23 - 1000).toList()));
        assertThat(files.inFlightBytes()).isZero();
        cache.clear();
    }
}
