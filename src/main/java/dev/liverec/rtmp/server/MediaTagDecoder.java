package dev.liverec.rtmp.server;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.flv.FlvTagBodies;
import dev.liverec.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Set;

/**
 * RTMP audio/video messages to {@link MediaPacket}s. Their bodies are FLV tag bodies, parsed by
 * {@link FlvTagBodies} (legacy AVC and codec-id-12 HEVC, Enhanced RTMP avc1/hvc1/av01, AAC, MP3; payloads are
 * slices, not copies). What this adds per publish: each track's 32-bit timestamps unwrapped, and malformed or empty
 * bodies dropped (logged once) instead of failing the connection. One instance per publish.
 */
final class MediaTagDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTagDecoder.class);

    private final TimestampUnwrapper audioClock = new TimestampUnwrapper();
    private final TimestampUnwrapper videoClock = new TimestampUnwrapper();
    private final Set<Codec> seen = EnumSet.noneOf(Codec.class);
    private final String streamName;
    private boolean warnedMalformed;

    MediaTagDecoder(String streamName) {
        this.streamName = streamName;
    }

    /**
     * The packet for this message, or null when it carries nothing to record (sequence end, command frames,
     * codecs liverec does not record, malformed bodies). The message keeps its reference.
     */
    MediaPacket decode(MediaMessage m) {
        ByteBuf body = m.content();
        if (!body.isReadable()) return null;
        MediaPacket p;
        try {
            p = m.isVideo() ? FlvTagBodies.video(body, videoClock.unwrap(m.timestamp()))
                    : FlvTagBodies.audio(body, audioClock.unwrap(m.timestamp()));
        } catch (MediaFormatException e) {
            if (!warnedMalformed) {
                warnedMalformed = true;
                LOG.warn("stream {}: dropping malformed media messages ({})", streamName, e.getMessage());
            }
            return null;
        }
        if (p == null) {
            LOG.debug("stream {}: dropped a {} message that carries nothing recorded", streamName, m.isVideo() ? "video" : "audio");
            return null;
        }
        if (p.size() == 0) {
            p.release();
            return null;
        }
        if (seen.add(p.codec())) LOG.info("stream {}: {} track", streamName, p.codec().shortName());
        return p;
    }
}
