package dev.liverec.media.ts;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.AnnexB;
import dev.liverec.media.adts.AdtsFrameSplitter;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.NalUnits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads MPEG-TS (the segments of one HLS recording, in order) back into {@link MediaPacket}s, the inverse of
 * {@link TsMuxer}: PAT → PMT → H.264 (0x1B) and AAC in ADTS (0x0F) or MPEG audio (0x03/0x04) PES. Video access
 * units go from Annex B to 4-byte length prefixes without AUD/SPS/PPS; a sequence header (AVCDecoderConfigurationRecord,
 * AudioSpecificConfig) precedes the first frame and every change of configuration. Timestamps: 90 kHz → ms,
 * unwrapped past 2^33 across segments (one demuxer per recording). Other streams (HEVC included) are skipped.
 * A video PES has no length, so it completes when the next one starts or at {@link #flush()}.
 */
public final class TsDemuxer {
    private static final long WRAP = 1L << 33;
    private int pmtPid = -1, videoPid = -1, audioPid = -1;
    private Codec audioCodec;
    private final ByteArrayOutputStream videoPes = new ByteArrayOutputStream(), audioPes = new ByteArrayOutputStream();
    private boolean videoOpen, audioOpen;
    private final List<MediaPacket> out = new ArrayList<>();
    private final AdtsFrameSplitter adts = new AdtsFrameSplitter();
    private byte[] sps, pps, avcConfig;
    private long epoch, last90 = Long.MIN_VALUE;

    /** Reads the whole TS packets of {@code ts} and returns the packets completed so far; the caller owns them. */
    public List<MediaPacket> feed(ByteBuf ts) {
        int end = ts.writerIndex();
        for (int i = ts.readerIndex(); i + TsMuxer.PACKET_SIZE <= end; i += TsMuxer.PACKET_SIZE) {
            if (!TsPacketReader.sync(ts, i)) throw new MediaFormatException("TS sync lost at " + i);
            packet(ts, i);
        }
        return drain();
    }

    /** Completes the PES still open (end of the recording) and returns the last packets. */
    public List<MediaPacket> flush() {
        completeVideo();
        completeAudio();
        return drain();
    }

    private List<MediaPacket> drain() {
        List<MediaPacket> l = List.copyOf(out);
        out.clear();
        return l;
    }

    private void packet(ByteBuf b, int at) {
        int pid = TsPacketReader.pid(b, at);
        int p = TsPacketReader.payload(b, at);
        if (p < 0) return;
        int end = at + TsMuxer.PACKET_SIZE;
        boolean start = TsPacketReader.payloadStart(b, at);
        if (pid == 0 && start) {
            int s = p + 1 + b.getUnsignedByte(p);
            if (s + 12 <= end) pmtPid = b.getUnsignedShort(s + 10) & 0x1FFF; // first program
        } else if (pid == pmtPid && start) {
            TsPacketReader.pmtStreams(b, p, end, (type, esPid) -> {
                switch (type) {
                    case 0x1B -> videoPid = esPid;
                    case 0x0F -> { audioPid = esPid; audioCodec = Codec.AAC; }
                    case 0x03, 0x04 -> { audioPid = esPid; audioCodec = Codec.MP3; }
                    default -> { }
                }
            });
        } else if (pid == videoPid && pid >= 0) {
            if (start) {
                completeVideo();
                videoOpen = true;
            }
            if (videoOpen) videoPes.write(bytes(b, p, end), 0, end - p);
        } else if (pid == audioPid && pid >= 0) {
            if (start) {
                completeAudio();
                audioOpen = true;
            }
            if (audioOpen) audioPes.write(bytes(b, p, end), 0, end - p);
        }
    }

    private static byte[] bytes(ByteBuf b, int from, int to) {
        byte[] a = new byte[to - from];
        b.getBytes(from, a);
        return a;
    }

    /** A complete PES: its header's timestamps (90 kHz, unwrapped) and where its payload starts. */
    private record Pes(long pts90, long dts90, int payload) {}

    private Pes header(byte[] pes) {
        if (pes.length < 9 || pes[0] != 0 || pes[1] != 0 || pes[2] != 1) throw new MediaFormatException("bad PES start");
        int flags = pes[7] & 0xFF;
        int payload = 9 + (pes[8] & 0xFF);
        if ((flags & 0x80) == 0 || payload > pes.length) throw new MediaFormatException("PES without PTS");
        long pts = unwrap(timestamp(pes, 9));
        long dts = (flags & 0x40) != 0 ? unwrap(timestamp(pes, 14)) : pts;
        return new Pes(pts, dts, payload);
    }

    private static long timestamp(byte[] b, int i) {
        return ((long) ((b[i] >> 1) & 7) << 30) | ((long) ((((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF)) >> 1) << 15)
                | ((((b[i + 3] & 0xFF) << 8) | (b[i + 4] & 0xFF)) >> 1);
    }

    /** Continues the 33-bit clock past its wrap; audio and video may trail each other by far less than half of it. */
    private long unwrap(long ts90) {
        long v = ts90 + epoch;
        if (last90 != Long.MIN_VALUE) {
            if (v < last90 - WRAP / 2) {
                epoch += WRAP;
                v += WRAP;
            } else if (v > last90 + WRAP / 2 && epoch > 0) {
                v -= WRAP; // a packet from just before the wrap
            }
        }
        last90 = Math.max(last90, v);
        return v;
    }

    private void completeVideo() {
        if (!videoOpen) return;
        videoOpen = false;
        byte[] pes = videoPes.toByteArray();
        videoPes.reset();
        Pes h = header(pes);
        List<byte[]> nals = AnnexB.split(Arrays.copyOfRange(pes, h.payload(), pes.length));
        List<byte[]> frame = new ArrayList<>();
        boolean key = false;
        byte[] newSps = sps, newPps = pps;
        for (byte[] nal : nals) {
            if (nal.length == 0) continue;
            switch (NalUnits.avcType(nal[0])) {
                case 9 -> { } // access unit delimiter: the container marks access units
                case 7 -> newSps = nal;
                case 8 -> newPps = nal;
                case 5 -> { key = true; frame.add(nal); }
                default -> frame.add(nal);
            }
        }
        long dts = Math.floorDiv(h.dts90(), 90), pts = Math.floorDiv(h.pts90(), 90);
        if (newSps != null && newPps != null && (newSps != sps || newPps != pps)) {
            sps = newSps;
            pps = newPps;
            byte[] config = AvcDecoderConfig.record(sps, pps);
            if (!Arrays.equals(config, avcConfig)) {
                avcConfig = config;
                out.add(new MediaPacket(Codec.H264, dts, dts, true, true, Unpooled.wrappedBuffer(config)));
            }
        }
        if (avcConfig == null || frame.isEmpty()) return; // undecodable before the first parameter sets
        ByteBuf payload = Unpooled.buffer(frame.stream().mapToInt(n -> n.length + 4).sum());
        AnnexB.writeLengthPrefixed(payload, frame);
        out.add(new MediaPacket(Codec.H264, dts, pts, key, false, payload));
    }

    private void completeAudio() {
        if (!audioOpen) return;
        audioOpen = false;
        byte[] pes = audioPes.toByteArray();
        audioPes.reset();
        Pes h = header(pes);
        if (audioCodec == Codec.MP3) {
            long ms = Math.floorDiv(h.pts90(), 90);
            byte[] frame = Arrays.copyOfRange(pes, h.payload(), pes.length);
            if (frame.length > 0) out.add(new MediaPacket(Codec.MP3, ms, ms, true, false, Unpooled.wrappedBuffer(frame)));
            return;
        }
        adts.split(pes, h.payload(), h.pts90(), out);
    }
}
