package dev.liverec.media.bench;

import dev.liverec.media.ByteSink;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.TestMedia;
import dev.liverec.media.flv.FlvWriter;
import dev.liverec.media.hls.HlsSegmenter;
import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.media.ts.TsMuxer;
import io.netty.buffer.ByteBuf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * CPU cost of the container writers per stream-minute, sink discarding bytes (no disk): run with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.liverec.media.bench.WriterThroughput [file]}.
 * Not a unit test.
 */
public final class WriterThroughput {
    static final class CountingSink implements ByteSink {
        long pos;
        public void write(ByteBuf b) { pos += b.readableBytes(); }
        public long position() { return pos; }
        public void writeAt(long p, ByteBuf b) { }
    }

    public static void main(String[] args) throws Exception {
        Path src = args.length > 0 ? Path.of(args[0]) : TestMedia.srcBf();
        List<MediaPacket> packets = TestMedia.flvPackets(src, Integer.MAX_VALUE);
        double minutes = (packets.get(packets.size() - 1).dts() - packets.get(0).dts()) / 60000.0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        run("flv", packets, minutes, mx, s -> new FlvWriter(s, true, true, FlvWriter.Options.DEFAULT), false);
        run("ts+hls-segmenter", packets, minutes, mx, s -> new TsMuxer(s, Codec.H264, Codec.AAC), true);
        run("fmp4", packets, minutes, mx, s -> new FragmentedMp4Writer(s, Codec.H264, Codec.AAC, 1000), false);
        TestMedia.releaseAll(packets);
    }

    static void run(String name, List<MediaPacket> packets, double minutes, ThreadMXBean mx,
                    Function<ByteSink, MediaWriter> factory, boolean segment) throws Exception {
        for (int warm = 0; warm < 5; warm++) once(packets, factory, segment);
        int reps = 20;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long bytes = 0;
        for (int i = 0; i < reps; i++) bytes = once(packets, factory, segment);
        double cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / reps;
        System.out.printf("%-18s %.1f ms CPU per %.2f stream-minutes = %.1f ms CPU per stream-minute, %d bytes%n",
                name, cpuMs, minutes, cpuMs / minutes, bytes);
    }

    static long once(List<MediaPacket> packets, Function<ByteSink, MediaWriter> factory, boolean segment) throws Exception {
        CountingSink sink = new CountingSink();
        MediaWriter w = factory.apply(sink);
        HlsSegmenter seg = new HlsSegmenter(4, true);
        for (MediaPacket p : packets) {
            if (segment && seg.next(p) != HlsSegmenter.Cut.NONE) ((TsMuxer) w).startSegment(sink);
            w.write(p);
        }
        w.close();
        return sink.pos;
    }
}
