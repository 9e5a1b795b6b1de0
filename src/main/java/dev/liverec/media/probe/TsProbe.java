package dev.liverec.media.probe;

import dev.liverec.media.Codec;
import dev.liverec.media.codec.AnnexB;
import dev.liverec.media.codec.H264Sps;
import dev.liverec.media.codec.HevcSps;
import dev.liverec.media.codec.NalUnits;

import java.io.ByteArrayOutputStream;

/**
 * Tracks of an MPEG-TS segment: codecs from the PMT's stream types (0x1B H.264, 0x24 HEVC, 0x0F AAC, 0x03/0x04
 * MPEG audio), the picture size from the SPS in the first video PES (an HLS segment starts with a keyframe that
 * carries its parameter sets).
 */
final class TsProbe {
    private static final int PACKET = 188;

    private TsProbe() {}

    static TrackFacts probe(byte[] b) {
        int pmtPid = -1, videoPid = -1;
        Codec video = null, audio = null;
        boolean pmtSeen = false;
        ByteArrayOutputStream pes = null;
        for (int i = 0; i + PACKET <= b.length && b[i] == 0x47; i += PACKET) {
            boolean start = (b[i + 1] & 0x40) != 0;
            int pid = ((b[i + 1] & 0x1F) << 8) | (b[i + 2] & 0xFF);
            int afc = (b[i + 3] >> 4) & 3;
            int p = i + 4;
            if (afc == 2 || afc == 0) continue;
            if (afc == 3) p += 1 + (b[p] & 0xFF);
            int end = i + PACKET;
            if (p >= end) continue;
            if (pid == 0 && start && pmtPid < 0) {
                int s = p + 1 + (b[p] & 0xFF); // pointer_field
                if (s + 12 <= end) pmtPid = ((b[s + 10] & 0x1F) << 8) | (b[s + 11] & 0xFF); // first program
            } else if (pid == pmtPid && start && !pmtSeen) {
                int s = p + 1 + (b[p] & 0xFF);
                int sectionEnd = Math.min(end, s + 3 + (((b[s + 1] & 0x0F) << 8) | (b[s + 2] & 0xFF)) - 4);
                int e = s + 12 + (((b[s + 10] & 0x0F) << 8) | (b[s + 11] & 0xFF));
                while (e + 5 <= sectionEnd) {
                    int type = b[e] & 0xFF;
                    int esPid = ((b[e + 1] & 0x1F) << 8) | (b[e + 2] & 0xFF);
                    switch (type) {
                        case 0x1B -> { video = Codec.H264; videoPid = esPid; }
                        case 0x24 -> { video = Codec.HEVC; videoPid = esPid; }
                        case 0x0F, 0x11 -> audio = Codec.AAC;
                        case 0x03, 0x04 -> audio = Codec.MP3;
                        default -> { }
                    }
                    e += 5 + (((b[e + 3] & 0x0F) << 8) | (b[e + 4] & 0xFF));
                }
                pmtSeen = true;
                if (video == null) break;
            } else if (pid == videoPid && videoPid >= 0) {
                if (start) {
                    if (pes != null) break; // the first PES is complete
                    if (p + 9 > end) continue;
                    p += 9 + (b[p + 8] & 0xFF); // PES header
                    pes = new ByteArrayOutputStream();
                }
                if (pes != null && p < end) pes.write(b, p, end - p);
            }
        }
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
