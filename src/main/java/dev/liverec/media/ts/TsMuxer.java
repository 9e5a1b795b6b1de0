package dev.liverec.media.ts;

import dev.liverec.media.ByteSink;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.StartGate;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.codec.NalUnits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

import java.io.IOException;
import java.util.List;

/**
 * MPEG-2 transport stream muxer (ISO/IEC 13818-1) for HLS: H.264 (stream type 0x1B) or HEVC (0x24) video,
 * AAC in ADTS (0x0F) or MPEG audio (0x03/0x04).
 *
 * <ul>
 *   <li>PAT/PMT at the start of every segment ({@link #startSegment}); continuity counters and the time base
 *       run on across segments, so the segments of one playlist form one continuous stream.</li>
 *   <li>Video access units become Annex B with an access unit delimiter, and the parameter sets
 *       (SPS/PPS, plus VPS for HEVC) in front of every keyframe, so each segment starts decodable.</li>
 *   <li>PCR on the video PID (the audio PID when there is no video) in the first TS packet of every PES.</li>
 *   <li>Timestamps: 90 kHz = (ms − first dts) × 90 + {@link #OFFSET_90K}: a constant offset keeps pts/dts ≥ 0
 *       and PCR below dts.</li>
 * </ul>
 * Scratch buffers are per thread; the muxer itself does no I/O and holds no buffer between packets.
 * {@link TsPacketizer} makes PES and TS packets, {@link TsProgramTables} the PAT/PMT.
 */
public final class TsMuxer implements MediaWriter {
    public static final int PACKET_SIZE = 188;
    public static final int PMT_PID = 0x1000, VIDEO_PID = 0x100, AUDIO_PID = 0x101;
    /** 1.4 s, as ffmpeg's mpegts muxer: room for PCR below the first dts. */
    public static final long OFFSET_90K = 126_000;
    private static final long MASK_33 = (1L << 33) - 1;

    private final boolean hasVideo;
    private final boolean hasAudio;
    private final StartGate gate;
    /**
     * Scratch buffers for one PES and its TS packets, shared by all muxers of a thread (a muxer is confined to
     * its stream's event loop and uses them only inside {@link #write}): memory per event loop, not per stream.
     */
    private static final ThreadLocal<ByteBuf[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuf[]{
            new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 64 * 1024, Integer.MAX_VALUE),
            new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 64 * 1024, Integer.MAX_VALUE)});
    private ByteBuf pes;
    private ByteBuf out;
    private ByteSink sink;
    private boolean tablesPending = true;
    private final TsPacketizer packetizer = new TsPacketizer();
    private final Codec videoCodec, audioCodec;
    private boolean videoConfigured, audioConfigured;
    private List<byte[]> paramSets = List.of();
    private int nalLengthSize = 4;
    private AacConfig aac;
    private long base = Long.MIN_VALUE;
    private long firstDts = Long.MIN_VALUE, lastDts, lastDuration;
    private long bytes;
    private boolean closed;

    /**
     * @param videoCodec H264, HEVC or null for no video
     * @param audioCodec AAC, MP3 or null for no audio; the PMT is fixed by these
     */
    public TsMuxer(ByteSink sink, Codec videoCodec, Codec audioCodec) {
        if (videoCodec == null && audioCodec == null) throw new IllegalArgumentException("no track");
        if (videoCodec != null && videoCodec != Codec.H264 && videoCodec != Codec.HEVC
                || audioCodec != null && audioCodec != Codec.AAC && audioCodec != Codec.MP3) {
            throw new IllegalArgumentException("TS carries H.264/HEVC and AAC/MP3, not " + videoCodec + "/" + audioCodec);
        }
        this.sink = sink;
        this.videoCodec = videoCodec;
        this.audioCodec = audioCodec;
        this.hasVideo = videoCodec != null;
        this.hasAudio = audioCodec != null;
        this.gate = new StartGate(hasVideo, hasAudio);
    }

    /**
     * Continues the stream into a new segment file: PAT/PMT go first. Call before the segment's first packet
     * (a video keyframe for keyframe-aligned segments).
     */
    public void startSegment(ByteSink next) {
        this.sink = next;
        this.tablesPending = true;
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        write(p, p.dts(), p.pts());
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        if (!gate.accept(p, pts)) return;
        ByteBuf[] scratch = SCRATCH.get();
        pes = scratch[0];
        out = scratch[1];
        try {
            mux(p, dts, pts);
        } finally {
            pes = null;
            out = null;
        }
    }

    private void mux(MediaPacket p, long dts, long pts) throws IOException {
        if (p.isSequenceHeader()) {
            onSequenceHeader(p);
            return;
        }
        if (p.codec() != (p.isVideo() ? videoCodec : audioCodec)) throw new MediaFormatException("codec changed to " + p.codec());
        if (p.isVideo() ? !videoConfigured : audioCodec == Codec.AAC && !audioConfigured) return;
        if (base == Long.MIN_VALUE) base = dts;
        if (tablesPending) writeTables();
        long dts90 = ((dts - base) * 90 + OFFSET_90K) & MASK_33;
        long pts90 = ((pts - base) * 90 + OFFSET_90K) & MASK_33;
        pes.clear();
        if (p.isVideo()) {
            TsPacketizer.pesHeader(pes, 0xE0, pts90, dts90, -1);
            appendAccessUnit(p);
            packetize(VIDEO_PID, true, p.isKeyframe(), dts90);
        } else {
            int extra = audioCodec == Codec.AAC ? AacConfig.ADTS_HEADER_SIZE : 0;
            TsPacketizer.pesHeader(pes, 0xC0, pts90, pts90, p.size() + extra);
            if (audioCodec == Codec.AAC) aac.writeAdtsHeader(pes, p.size());
            pes.writeBytes(p.payload(), p.payload().readerIndex(), p.size());
            packetize(AUDIO_PID, !hasVideo, true, pts90);
        }
        if (p.isVideo() == hasVideo) { // duration follows the video track, or audio when there is none
            if (firstDts == Long.MIN_VALUE) firstDts = lastDts = dts;
            if (dts > lastDts) {
                lastDuration = dts - lastDts;
                lastDts = dts;
            }
        }
    }

    private void onSequenceHeader(MediaPacket p) {
        if (p.codec() != (p.isVideo() ? videoCodec : audioCodec)) throw new MediaFormatException("codec changed to " + p.codec());
        switch (p.codec()) {
            case H264 -> {
                AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload());
                paramSets = concat(c.sps(), c.pps());
                nalLengthSize = c.nalLengthSize();
                videoConfigured = true;
            }
            case HEVC -> {
                HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload());
                paramSets = concat(concat(c.vps(), c.sps()), c.pps());
                nalLengthSize = c.nalLengthSize();
                videoConfigured = true;
            }
            case AAC -> {
                aac = AacConfig.parse(p.payload());
                audioConfigured = true;
            }
            default -> throw new MediaFormatException("TS cannot carry " + p.codec());
        }
    }

    private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        java.util.ArrayList<byte[]> l = new java.util.ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private void appendAccessUnit(MediaPacket p) {
        boolean hevc = videoCodec == Codec.HEVC;
        pes.writeInt(1);
        if (hevc) pes.writeByte(0x46).writeByte(0x01).writeByte(0x50); // AUD, pic_type 2
        else pes.writeByte(0x09).writeByte(0xF0); // AUD, primary_pic_type 7
        if (p.isKeyframe()) {
            for (byte[] nal : paramSets) {
                pes.writeInt(1);
                pes.writeBytes(nal);
            }
        }
        ByteBuf au = p.payload();
        int i = au.readerIndex();
        int end = au.writerIndex();
        while (i + nalLengthSize <= end) {
            long len = nalLength(au, i);
            i += nalLengthSize;
            if (len <= 0 || i + len > end) throw new MediaFormatException("bad NAL length " + len);
            int first = au.getUnsignedByte(i);
            int type = hevc ? NalUnits.hevcType(first) : NalUnits.avcType(first);
            if (!(hevc ? type == 35 : type == 9)) { // our own AUD is already there
                pes.writeInt(1);
                pes.writeBytes(au, i, (int) len);
            }
            i += (int) len;
        }
    }

    /** Splits the PES in {@link #pes} into TS packets and writes them in one sink call. */
    private void packetize(int pid, boolean pcr, boolean randomAccess, long dts90) throws IOException {
        out.clear();
        packetizer.packetize(pes, out, pid, pcr, randomAccess, dts90);
        sink.write(out);
        bytes += out.readableBytes();
    }

    private void writeTables() throws IOException {
        out.clear();
        TsProgramTables.write(out, packetizer, videoCodec, audioCodec);
        sink.write(out);
        bytes += out.readableBytes();
        tablesPending = false;
    }

    private long nalLength(ByteBuf b, int i) {
        return switch (nalLengthSize) {
            case 4 -> b.getUnsignedInt(i);
            case 2 -> b.getUnsignedShort(i);
            default -> b.getUnsignedByte(i);
        };
    }

    /** Media duration muxed so far (first to last dts plus one frame), in ms. */
    @Override
    public long durationMs() {
        return firstDts == Long.MIN_VALUE ? 0 : lastDts - firstDts + lastDuration;
    }

    /** TS bytes produced so far over all segments. */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
    }

    /** The ms → 90 kHz origin (first dts) or Long.MIN_VALUE before the first frame. */
    public long baseMs() {
        return base;
    }
}
