package dev.liverec.stream;

/**
 * What is known about a live stream's media, filled in by the ingest layer as sequence headers arrive.
 * Immutable; the stream swaps in a new instance.
 */
public record StreamInfo(String videoCodec, int width, int height, String audioCodec, int sampleRate, int channels) {
    public static final StreamInfo UNKNOWN = new StreamInfo(null, 0, 0, null, 0, 0);

    public StreamInfo withVideo(String codec, int w, int h) {
        return new StreamInfo(codec, w, h, audioCodec, sampleRate, channels);
    }

    public StreamInfo withAudio(String codec, int rate, int ch) {
        return new StreamInfo(videoCodec, width, height, codec, rate, ch);
    }
}
