package dev.liverec.control;

/** Output formats of a record template; file extension and callback {@code file_format}. */
public enum RecordFormat {
    HLS("m3u8", "hls"), FLV("flv", "flv"), MP4("mp4", "mp4"), AAC("aac", "aac"), MP3("mp3", "mp3");

    private final String extension;
    private final String callbackName;

    RecordFormat(String extension, String callbackName) {
        this.extension = extension;
        this.callbackName = callbackName;
    }

    public String extension() { return extension; }
    public String callbackName() { return callbackName; }
}
