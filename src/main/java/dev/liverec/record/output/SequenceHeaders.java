package dev.liverec.record.output;

import dev.liverec.media.MediaWriter;

import java.io.IOException;

/** Writes a file's sequence headers (AVC/HEVC config, AudioSpecificConfig) first, as every container writer needs. */
public final class SequenceHeaders {
    private SequenceHeaders() {}

    /** The video header when the file has video, then the audio one when its audio has one (MP3 has none). */
    public static void write(MediaWriter writer, Tracks tracks) throws IOException {
        if (tracks.hasVideo()) writer.write(tracks.videoHeader(), 0, 0);
        if (tracks.audioHeader() != null) writer.write(tracks.audioHeader(), 0, 0);
    }
}
