package dev.liverec.media.ts;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * PES packets and their split into 188-byte TS packets, with the continuity counter of every PID (they run on
 * across segments). A PCR, when asked for, goes in the adaptation field of a PES's first TS packet, {@link
 * #PCR_LEAD_90K} behind its dts; stuffing goes in the adaptation field too. No I/O: bytes go to the caller's buffer.
 */
final class TsPacketizer {
    static final long PCR_LEAD_90K = 9_000; // PCR runs 100 ms behind the dts of its PES
    private static final byte[] STUFFING = new byte[TsMuxer.PACKET_SIZE];

    static {
        Arrays.fill(STUFFING, (byte) 0xFF);
    }

    private int ccPat, ccPmt, ccVideo, ccAudio;

    /**
     * Writes a PES header (ISO/IEC 13818-1 §2.4.3.6) into {@code pes}.
     * @param payloadLength bytes after the header, or -1 for unbounded (video)
     */
    static void pesHeader(ByteBuf pes, int streamId, long pts90, long dts90, int payloadLength) {
        boolean withDts = dts90 != pts90;
        pes.writeMedium(1);
        pes.writeByte(streamId);
        int headerData = withDts ? 10 : 5;
        int len = payloadLength < 0 ? 0 : 3 + headerData + payloadLength;
        pes.writeShort(len > 0xFFFF ? 0 : len);
        pes.writeByte(0x80); // marker bits '10', no scrambling
        pes.writeByte(withDts ? 0xC0 : 0x80);
        pes.writeByte(headerData);
        timestamp(pes, withDts ? 3 : 2, pts90);
        if (withDts) timestamp(pes, 1, dts90);
    }

    private static void timestamp(ByteBuf pes, int prefix, long ts) {
        pes.writeByte((prefix << 4) | (int) (((ts >> 30) & 7) << 1) | 1);
        pes.writeShort((int) (((ts >> 15) & 0x7FFF) << 1) | 1);
        pes.writeShort((int) ((ts & 0x7FFF) << 1) | 1);
    }

    /** Splits the readable bytes of {@code pes} into TS packets of {@code pid}, appended to {@code out}. */
    void packetize(ByteBuf pes, ByteBuf out, int pid, boolean pcr, boolean randomAccess, long dts90) {
        int remaining = pes.readableBytes();
        int ri = pes.readerIndex();
        boolean first = true;
        while (remaining > 0) {
            int cc = nextCc(pid);
            int afLen = -1; // adaptation_field_length, -1 = no adaptation field
            int afFlags = 0;
            boolean withPcr = first && pcr;
            if (first && (withPcr || randomAccess)) {
                afLen = 1 + (withPcr ? 6 : 0);
                afFlags = (randomAccess ? 0x40 : 0) | (withPcr ? 0x10 : 0);
            }
            int headerRoom = 4 + (afLen >= 0 ? afLen + 1 : 0);
            int payload = Math.min(TsMuxer.PACKET_SIZE - headerRoom, remaining);
            int stuffing = TsMuxer.PACKET_SIZE - headerRoom - payload;
            if (stuffing > 0) afLen = afLen < 0 ? stuffing - 1 : afLen + stuffing; // the AF absorbs the stuffing
            out.writeByte(0x47);
            out.writeByte((first ? 0x40 : 0) | (pid >> 8));
            out.writeByte(pid & 0xFF);
            out.writeByte((afLen >= 0 ? 0x30 : 0x10) | cc);
            if (afLen >= 0) {
                out.writeByte(afLen);
                if (afLen > 0) {
                    out.writeByte(afFlags);
                    if (withPcr) pcr(out, Math.max(0, dts90 - PCR_LEAD_90K));
                    out.writeBytes(STUFFING, 0, afLen - 1 - (withPcr ? 6 : 0));
                }
            }
            out.writeBytes(pes, ri, payload);
            ri += payload;
            remaining -= payload;
            first = false;
        }
        if (out.writerIndex() % TsMuxer.PACKET_SIZE != 0) throw new IllegalStateException("TS packet size mismatch");
    }

    private static void pcr(ByteBuf out, long pcr90) {
        out.writeInt((int) (pcr90 >> 1));
        out.writeByte((int) ((pcr90 & 1) << 7) | 0x7E);
        out.writeByte(0); // extension 0
    }

    /** The next continuity counter of {@code pid} (PAT, PMT, video or audio). */
    int nextCc(int pid) {
        if (pid == TsMuxer.VIDEO_PID) return ccVideo = (ccVideo + 1) & 15;
        if (pid == TsMuxer.AUDIO_PID) return ccAudio = (ccAudio + 1) & 15;
        if (pid == 0) return ccPat = (ccPat + 1) & 15;
        return ccPmt = (ccPmt + 1) & 15;
    }
}
