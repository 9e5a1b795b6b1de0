package dev.liverec.media.probe;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.flv.FlvReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Tracks of an FLV file from its first video/audio sequence headers (MP3 and AV1 from their first tag). */
final class FlvProbe {
    private FlvProbe() {}

    static TrackFacts probe(byte[] head) {
        ByteBuf in = Unpooled.wrappedBuffer(head);
        TrackFacts t = TrackFacts.NONE;
        try {
            FlvReader r = new FlvReader(in);
            boolean wantVideo = r.headerHasVideo(), wantAudio = r.headerHasAudio();
            MediaPacket p;
            while ((wantVideo || wantAudio) && (p = r.next()) != null) {
                try {
                    if (p.isVideo() && wantVideo && (p.isSequenceHeader() || p.codec() == dev.liverec.media.Codec.AV1)) {
                        t = video(t, p);
                        wantVideo = false;
                    } else if (p.isAudio() && wantAudio) {
                        t = t.withAudio(p.codec());
                        wantAudio = false;
                    }
                } finally {
                    p.release();
                }
            }
            return t;
        } finally {
            in.release();
        }
    }

    private static TrackFacts video(TrackFacts t, MediaPacket p) {
        return switch (p.codec()) {
            case H264 -> {
                AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload().duplicate());
                yield t.withVideo(p.codec(), c.width(), c.height());
            }
            case HEVC -> {
                HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload().duplicate());
                yield t.withVideo(p.codec(), c.width(), c.height());
            }
            default -> t.withVideo(p.codec(), 0, 0);
        };
    }
}
