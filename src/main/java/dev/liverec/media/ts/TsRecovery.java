package dev.liverec.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Finds the playable part of a transport stream segment cut short by a crash: the bytes before the last PES of
 * the main PID (video if the PMT has video, else audio) began — that PES may be incomplete, and a video PES's
 * end is only known when the next one starts — and the duration they hold (first dts to the dts of that cut
 * PES). The caller truncates the file to {@link Result#validLength()} and lists the segment with
 * {@link Result#durationMs()}. Reads the channel sequentially in large blocks; written for {@link TsMuxer}
 * output (one program, PMT in the first packets).
 */
public final class TsRecovery {
    /** @param durationMs media duration in the valid part; {@code frames} PES of the main PID kept;
     *  {@code alignedPackets} whether the input was whole 188-byte packets with sync bytes throughout */
    public record Result(long validLength, long durationMs, int frames, boolean alignedPackets) {}

    private TsRecovery() {}

    public static Result scan(SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer block = ByteBuffer.allocate(TsMuxer.PACKET_SIZE * 2048);
        ByteBuf b = Unpooled.wrappedBuffer(block);
        int mainPid = -1;
        long firstDts = Long.MIN_VALUE, lastStartDts = Long.MIN_VALUE, lastStartPos = -1;
        int frames = 0;
        long pos = 0;
        boolean badSync = false;
        ch.position(0);
        try {
            outer:
            while (pos + TsMuxer.PACKET_SIZE <= size) {
                block.clear();
                while (block.hasRemaining() && ch.read(block) > 0) { }
                int n = block.position() / TsMuxer.PACKET_SIZE;
                if (n == 0) break;
                for (int k = 0; k < n; k++, pos += TsMuxer.PACKET_SIZE) {
                    int o = k * TsMuxer.PACKET_SIZE;
                    if (!TsPacketReader.sync(b, o)) {
                        badSync = true;
                        break outer;
                    }
                    boolean pusi = TsPacketReader.payloadStart(b, o);
                    int pid = TsPacketReader.pid(b, o);
                    int payload = TsPacketReader.payload(b, o);
                    if (payload < 0) continue;
                    if (pid == TsMuxer.PMT_PID && pusi && mainPid < 0) {
                        mainPid = hasVideo(b, payload, o + TsMuxer.PACKET_SIZE) ? TsMuxer.VIDEO_PID : TsMuxer.AUDIO_PID;
                        continue;
                    }
                    if (pid != mainPid || !pusi || payload + 14 > o + TsMuxer.PACKET_SIZE) continue;
                    if (b.getMedium(payload) != 1) continue;
                    int flags = b.getByte(payload + 7) & 0xC0;
                    if (flags == 0) continue;
                    long pts = timestamp(b, payload + 9);
                    long dts = flags == 0xC0 && payload + 19 <= o + TsMuxer.PACKET_SIZE ? timestamp(b, payload + 14) : pts;
                    if (firstDts == Long.MIN_VALUE) firstDts = dts;
                    lastStartDts = dts;
                    lastStartPos = pos;
                    frames++;
                }
            }
        } finally {
            b.release();
        }
        long whole = size - size % TsMuxer.PACKET_SIZE;
        if (lastStartPos < 0) return new Result(0, 0, 0, false);
        // the last PES of the main PID is cut off together with everything after it
        long duration = ((lastStartDts - firstDts) & ((1L << 33) - 1)) / 90;
        return new Result(lastStartPos, duration, frames - 1, !badSync && whole == size);
    }

    private static boolean hasVideo(ByteBuf b, int payload, int end) {
        boolean[] video = {false};
        TsPacketReader.pmtStreams(b, payload, end, (type, pid) -> video[0] |= type == 0x1B || type == 0x24);
        return video[0];
    }

    private static long timestamp(ByteBuf b, int i) {
        return ((long) (b.getByte(i) & 0x0E) << 29) | ((long) (b.getUnsignedShort(i + 1) >> 1) << 15)
                | (b.getUnsignedShort(i + 3) >> 1);
    }
}
