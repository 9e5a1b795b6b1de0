package dev.liverec.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks produced files with the real ffprobe/ffmpeg. */
final class MediaCheck {
    record Probe(double duration, double videoStart, double audioStart, String videoCodec, String audioCodec,
                 double firstFramePts, boolean firstFrameKey) {}

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IOException("timeout: " + cmd);
        if (p.exitValue() != 0) throw new AssertionError(cmd + " exit " + p.exitValue() + ": " + out);
        return out;
    }

    /** ffmpeg decodes the whole file without an error line, and ffprobe reads it. */
    static Probe assertPlayable(Path f) throws IOException, InterruptedException {
        return assertPlayableUrl(f.toString());
    }

    /** The same for a file or URL. */
    static Probe assertPlayableUrl(String f) throws IOException, InterruptedException {
        String errors = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", f, "-f", "null", "-"));
        assertThat(errors).as("ffmpeg errors decoding %s", f).isEmpty();
        JsonNode j = new ObjectMapper().readTree(run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", f)));
        double vStart = Double.NaN, aStart = Double.NaN;
        String vc = null, ac = null;
        for (JsonNode s : j.path("streams")) {
            if ("video".equals(s.path("codec_type").asText())) {
                vStart = s.path("start_time").asDouble(Double.NaN);
                vc = s.path("codec_name").asText();
            } else if ("audio".equals(s.path("codec_type").asText())) {
                aStart = s.path("start_time").asDouble(Double.NaN);
                ac = s.path("codec_name").asText();
            }
        }
        double ffPts = Double.NaN;
        boolean key = false;
        if (vc != null) {
            JsonNode fr = new ObjectMapper().readTree(run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                    "-read_intervals", "%+#1", "-show_entries", "frame=pts_time,key_frame", "-print_format", "json",
                    f))).path("frames").path(0);
            ffPts = fr.path("pts_time").asDouble(Double.NaN);
            key = fr.path("key_frame").asInt() == 1;
        }
        return new Probe(j.path("format").path("duration").asDouble(), vStart, aStart, vc, ac, ffPts, key);
    }
}
