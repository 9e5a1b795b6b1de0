package dev.liverec.web.preview;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.mp4.FragmentedMp4Writer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One viewer's live preview as fragmented MP4 for a browser's Media Source Extensions. Holds the H.264/AAC sequence
 * headers until a start point (a video keyframe; an AAC frame when no video header came first), then muxes with
 * {@link FragmentedMp4Writer} in fragments of {@link #FRAGMENT_MILLIS}: the init segment at once, then a
 * {@code moof}+{@code mdat} whenever one is complete. The tracks are those whose header was there at the start;
 * other codecs are not previewed, and a sequence header after the start is ignored (the player has its init
 * segment). No I/O: {@link #push} returns the bytes to send. Confined to the stream's event loop.
 */
final class PreviewFeed {
    static final int FRAGMENT_MILLIS = 200;

    private final MemorySink sink = new MemorySink();
    private MediaPacket videoHeader, audioHeader; // retained until the start
    private FragmentedMp4Writer writer;
    private String codecs = "";

    /** The MSE codecs string (e.g. {@code avc1.64001f,mp4a.40.2}), known once the init segment is out. */
    String codecs() { return codecs; }

    boolean started() { return writer != null; }

    /**
     * Takes one packet (kept, retained, until its fragment is written) and returns the bytes it completed: the init
     * segment, a fragment, both, or null.
     */
    byte[] push(MediaPacket p) throws IOException {
        boolean video = p.codec() == Codec.H264;
        if (!video && p.codec() != Codec.AAC) return null;
        if (p.isSequenceHeader()) {
            if (writer == null) keepHeader(p);
            return null;
        }
        if (writer == null) {
            if (video ? videoHeader == null || !p.isKeyframe() : audioHeader == null || videoHeader != null) return null;
            start();
        }
        writer.write(p);
        if (sink.size() == 0) return null;
        byte[] out = sink.toByteArray();
        sink.reset();
        return out;
    }

    private void keepHeader(MediaPacket p) {
        if (p.isVideo()) {
            MediaPacket.safeRelease(videoHeader);
            videoHeader = p.retain();
        } else {
            MediaPacket.safeRelease(audioHeader);
            audioHeader = p.retain();
        }
    }

    private void start() throws IOException {
        List<String> codecList = new ArrayList<>(2);
        if (videoHeader != null) codecList.add(AvcDecoderConfig.parse(videoHeader.payload()).codecString());
        if (audioHeader != null) codecList.add(AacConfig.parse(audioHeader.payload()).codecString());
        writer = new FragmentedMp4Writer(sink, videoHeader == null ? null : Codec.H264,
                audioHeader == null ? null : Codec.AAC, FRAGMENT_MILLIS);
        for (MediaPacket header : new MediaPacket[] {videoHeader, audioHeader}) {
            if (header != null) writer.write(header);
        }
        releaseHeaders();
        writer.writeInitSegment();
        codecs = String.join(",", codecList);
    }

    /** Releases what is held (the viewer left); the fragment in progress is dropped. */
    void release() {
        releaseHeaders();
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            throw new IllegalStateException("a memory sink does not fail", e);
        }
        sink.reset();
    }

    private void releaseHeaders() {
        MediaPacket.safeRelease(videoHeader);
        MediaPacket.safeRelease(audioHeader);
        videoHeader = audioHeader = null;
    }
}
