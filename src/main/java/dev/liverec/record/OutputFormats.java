package dev.liverec.record;

import dev.liverec.control.RecordFormat;

import java.util.EnumMap;
import java.util.Map;

/** The output formats this build records, each backed by a container writer of {@code dev.liverec.media}. */
final class OutputFormats {
    private OutputFormats() {}

    static Map<RecordFormat, OutputFormat> available() {
        Map<RecordFormat, OutputFormat> m = new EnumMap<>(RecordFormat.class);
        m.put(RecordFormat.HLS, new HlsOutputFormat());
        m.put(RecordFormat.FLV, new FlvOutputFormat());
        m.put(RecordFormat.MP4, new Mp4OutputFormat());
        m.put(RecordFormat.AAC, new AacOutputFormat());
        m.put(RecordFormat.MP3, new Mp3OutputFormat());
        return m;
    }
}
