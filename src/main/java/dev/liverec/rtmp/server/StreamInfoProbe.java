package dev.liverec.rtmp.server;

import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.codec.Mp3FrameHeader;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads sequence headers into {@link StreamInfo}: picture size from the SPS of an AVC/HEVC decoder configuration
 * record, rate and channels from an AAC AudioSpecificConfig, and for MP3 (no sequence header) from the first frame
 * header. Parsing is done by {@code media.codec}; a header it cannot read leaves the size/rate unknown (0) and is
 * logged once, the packets still flow.
 */
final class StreamInfoProbe {
    private static final Logger LOG = LoggerFactory.getLogger(StreamInfoProbe.class);
    private boolean mp3Seen;
    private boolean warned;

    void apply(LiveStream stream, MediaPacket p) {
        StreamInfo info = stream.info();
        try {
            switch (p.codec()) {
                case H264 -> {
                    AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload());
                    stream.setInfo(info.withVideo("h264", c.width(), c.height()));
                }
                case HEVC -> {
                    HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload());
                    stream.setInfo(info.withVideo("hevc", c.firstSps().width(), c.firstSps().height()));
                }
                case AAC -> {
                    AacConfig c = AacConfig.parse(p.payload());
                    stream.setInfo(info.withAudio("aac", c.sampleRate(), c.channels()));
                }
                default -> stream.setInfo(p.isVideo() ? info.withVideo(p.codec().shortName(), 0, 0)
                        : info.withAudio(p.codec().shortName(), 0, 0));
            }
        } catch (RuntimeException e) {
            unreadable(stream, p, e);
            stream.setInfo(p.isVideo() ? info.withVideo(p.codec().shortName(), 0, 0) : info.withAudio(p.codec().shortName(), 0, 0));
        }
    }

    /** MP3 has no sequence header: the first frame header tells rate and channels. */
    void applyMp3(LiveStream stream, MediaPacket p) {
        if (mp3Seen) return;
        mp3Seen = true;
        try {
            Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload());
            stream.setInfo(stream.info().withAudio("mp3", h.sampleRate(), h.channels()));
        } catch (RuntimeException e) {
            unreadable(stream, p, e);
            stream.setInfo(stream.info().withAudio("mp3", 0, 0));
        }
    }

    private void unreadable(LiveStream stream, MediaPacket p, RuntimeException e) {
        if (!warned) {
            warned = true;
            LOG.warn("stream {}: unreadable {} header: {}", stream.key(), p.codec().shortName(), e.getMessage());
        }
    }
}
