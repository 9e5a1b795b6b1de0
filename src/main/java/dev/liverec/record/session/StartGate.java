package dev.liverec.record.session;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.stream.LiveStream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Decides when a session may open a file while none is open: after the sequence headers, on a keyframe (an audio
 * frame for audio-only). MP3 has no sequence header: its track is known from its first frame, so a keyframe that
 * comes before any audio is held (up to {@link #AUDIO_ONLY_WAIT_MS} of video, by reference) while the stream's
 * metadata or info says audio will follow, so the file starts with both tracks. Likewise audio without video is
 * held for {@link #AUDIO_ONLY_WAIT_MS} before an A/V format starts an audio-only file with it. Confined to the
 * stream's event loop.
 */
final class StartGate {
    /**
     * How long audio may flow without any video header before an A/V format records audio only, and how much video
     * is held after a keyframe for an announced audio track (MP3) not seen yet.
     */
    static final long AUDIO_ONLY_WAIT_MS = 1000;

    /**
     * A file may open. {@code held} (retained; the session releases them) are written first, the first one opening
     * the file; when empty the offered packet opens it. {@code thenOffered}: the offered packet follows them.
     */
    record Start(List<MediaPacket> held, boolean audioOnly, boolean thenOffered) {}

    private final OutputFormat format;
    private final StreamTracks tracks;
    private final BiConsumer<Codec, Codec> refuse;
    /** A keyframe and what followed it, or audio, held while the other track is not known yet (retained). */
    private List<MediaPacket> held = new ArrayList<>();

    /** @param refuse told (got, wanted) when this audio-only format cannot take the stream's audio codec */
    StartGate(OutputFormat format, StreamTracks tracks, BiConsumer<Codec, Codec> refuse) {
        this.format = format;
        this.tracks = tracks;
        this.refuse = refuse;
    }

    /** @return how to open a file with {@code p}, or null to wait (p may have been held) */
    Start offer(MediaPacket p, LiveStream stream) {
        if (!format.wantsVideo()) {
            if (!p.isAudio() || (!tracks.hasAudioHeader() && p.codec() == Codec.AAC)) return null;
            Codec only = format.audioCodec();
            if (only != null && p.codec() != only) {
                refuse.accept(p.codec(), only);
                return null;
            }
            return new Start(List.of(), true, true);
        }
        if (!held.isEmpty() && held.get(0).isVideo()) return holdingVideo(p);
        if (p.isVideo()) {
            reset(); // audio held for an audio-only start: video came after all
            if (!p.isKeyframe() || !tracks.hasVideoHeader()) return null;
            if (!tracks.audioKnown() && audioExpected(stream)) {
                held.add(p.retain()); // MP3 (no sequence header) may follow the keyframe
                return null;
            }
            return new Start(List.of(), false, true);
        }
        boolean videoExpected = tracks.hasVideoHeader() || stream.info().videoCodec() != null;
        if (videoExpected) {
            reset();
            return null;
        }
        if (!tracks.hasAudioHeader() && p.codec() == Codec.AAC) return null;
        held.add(p.retain()); // no video yet: audio only once AUDIO_ONLY_WAIT_MS passed without any, from here
        return p.dts() - held.get(0).dts() >= AUDIO_ONLY_WAIT_MS ? takeHeld(false) : null;
    }

    /** A keyframe is held: opens once the audio track is known or after {@link #AUDIO_ONLY_WAIT_MS} of video. */
    private Start holdingVideo(MediaPacket p) {
        if (!tracks.audioKnown() && p.dts() - held.get(0).dts() < AUDIO_ONLY_WAIT_MS) {
            held.add(p.retain());
            return null;
        }
        return takeHeld(true);
    }

    /** The stream ends: what is held opens a file now (a stream that ended before its audio came), or null. */
    Start drain() {
        return held.isEmpty() ? null : takeHeld(false);
    }

    private Start takeHeld(boolean thenOffered) {
        List<MediaPacket> q = held;
        held = new ArrayList<>();
        return new Start(q, q.get(0).isAudio(), thenOffered);
    }

    /** The stream announced audio (onMetaData) or sent some: worth holding video for its track. */
    private static boolean audioExpected(LiveStream stream) {
        return stream.info().audioCodec() != null || stream.metadata().get("audiocodecid") != null;
    }

    /** Drops what is held (it belongs to an old track configuration, or the session ends). */
    void reset() {
        for (MediaPacket x : held) x.release();
        held.clear();
    }
}
