package dev.liverec.rtmp.server;

import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamInfo;

/** Reads sequence headers into {@link StreamInfo} (video size, audio rate and channels). */
final class StreamInfoProbe {
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
