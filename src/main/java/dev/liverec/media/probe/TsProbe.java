package dev.liverec.media.probe;

import dev.liverec.media.Codec;
import dev.liverec.media.codec.AnnexB;
import dev.liverec.media.codec.H264Sps;
import dev.liverec.media.codec.HevcSps;
import dev.liverec.media.codec.NalUnits;
import dev.liverec.media.ts.TsPacketReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;

/**
 * Tracks of an MPEG-TS segment: codecs from the PMT's stream types (0x1B H.264, 0x24 HEVC, 0x0F AAC, 0x03/0x04
 * MPEG audio), the picture size from the SPS in the first video PES (an HLS segment starts with a keyframe that
 * carries its parameter sets).
 */
final class TsProbe {
    private static final int PACKET = 188;

    private TsProbe() {}

    static TrackFacts probe(byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        int pmtPid = -1;
        Codec[] found = new Codec[2]; // video, audio
        int[] videoPid = {-1};
        boolean pmtSeen = false;
        ByteArrayOutputStream pes = null;
        for (int i = 0; i + PACKET <= bytes.length && TsPacketReader.sync(b, i); i += PACKET) {
            boolean start = TsPacketReader.payloadStart(b, i);
            int pid = TsPacketReader.pid(b, i);
            int p = TsPacketReader.payload(b, i);
            int end = i + PACKET;
            if (p < 0) continue;
            if (pid == 0 && start && pmtPid < 0) {
                int s = p + 1 + (bytes[p] & 0xFF); // pointer_field
                if (s + 12 <= end) pmtPid = ((bytes[s + 10] & 0x1F) << 8) | (bytes[s + 11] & 0xFF); // first program
            } else if (pid == pmtPid && start && !pmtSeen) {
                TsPacketReader.pmtStreams(b, p, end, (type, esPid) -> {
                    switch (type) {
                        case 0x1B -> { found[0] = Codec.H264; videoPid[0] = esPid; }
                        case 0x24 -> { found[0] = Codec.HEVC; videoPid[0] = esPid; }
                        case 0x0F, 0x11 -> found[1] = Codec.AAC;
                        case 0x03, 0x04 -> found[1] = Codec.MP3;
                        default -> { }
                    }
                });
                pmtSeen = true;
                if (found[0] == null) break;
            } else if (pid == videoPid[0] && videoPid[0] >= 0) {
                if (start) {
                    if (pes != null) break; // the first PES is complete
                    if (p + 9 > end) continue;
                    p += 9 + (bytes[p + 8] & 0xFF); // PES header
                    pes = new ByteArrayOutputStream();
                }
                if (pes != null && p < end) pes.write(bytes, p, end - p);
            }
        }
        Codec video = found[0], audio = found[1];
        TrackFacts t = new TrackFacts(null, audio, 0, 0);
        if (video == null) return t;
        int w = 0, h = 0;
        if (pes != null) {
            for (byte[] nal : AnnexB.split(pes.toByteArray())) {
                if (nal.length == 0) continue;
                if (video == Codec.H264 && NalUnits.avcType(nal[0]) == 7) {
                    H264Sps s = H264Sps.parse(nal);
                    w = s.width();
                    h = s.height();
                    break;
                }
                if (video == Codec.HEVC && NalUnits.hevcType(nal[0]) == 33) {
                    HevcSps s = HevcSps.parse(nal);
                    w = s.width();
                    h = s.height();
                    break;
                }
            }
        }
        return t.withVideo(video, w, h);
    }
}
