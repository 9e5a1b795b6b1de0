package dev.liverec.rtmp.server;

import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamInfo;

/** Reads sequence headers into {@link StreamInfo} (video size, audio rate and channels). */
final class StreamInfoProbe {
    private static final int[] MPEG1_RATES = {44100, 48000, 32000};
    private boolean mp3Seen;

    /** MP3 has no sequence header: the first frame header tells rate and channels. */
    void applyMp3(LiveStream stream, MediaPacket p) {
        if (mp3Seen) return;
        mp3Seen = true;
        var b = p.payload();
        if (b.readableBytes() < 4) return;
        int h = b.getInt(b.readerIndex());
        if ((h >>> 21) != 0x7FF) return;
        int version = (h >>> 19) & 3;          // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
        int rateIndex = (h >>> 10) & 3;
        if (version == 1 || rateIndex == 3) return;
        int rate = MPEG1_RATES[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        int channels = ((h >>> 6) & 3) == 3 ? 1 : 2;
        stream.setInfo(stream.info().withAudio("mp3", rate, channels));
    }

    void apply(LiveStream stream, MediaPacket p) {
        StreamInfo info = stream.info();
        if (p.isVideo()) {
            int[] wh = SequenceHeaders.videoSize(p);
            stream.setInfo(info.withVideo(p.codec().shortName(), wh[0], wh[1]));
        } else {
            int[] rc = SequenceHeaders.audioConfig(p);
            stream.setInfo(info.withAudio(p.codec().shortName(), rc[0], rc[1]));
        }
    }
}
