package dev.liverec.record;

import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.aac.AacFormat;
import dev.liverec.record.output.flv.FlvFormat;
import dev.liverec.record.output.hls.HlsFormat;
import dev.liverec.record.output.mp3.Mp3Format;
import dev.liverec.record.output.mp4.Mp4Format;
import dev.liverec.control.RecordFormat;

import java.util.EnumMap;
import java.util.Map;

/** The output formats this build records, each backed by a container writer of {@code dev.liverec.media}. */
public final class OutputFormats {
    private OutputFormats() {}

    public static Map<RecordFormat, OutputFormat> available() {
        Map<RecordFormat, OutputFormat> m = new EnumMap<>(RecordFormat.class);
        m.put(RecordFormat.HLS, new HlsFormat());
        m.put(RecordFormat.FLV, new FlvFormat());
        m.put(RecordFormat.MP4, new Mp4Format());
        m.put(RecordFormat.AAC, new AacFormat());
        m.put(RecordFormat.MP3, new Mp3Format());
        return m;
    }
}
