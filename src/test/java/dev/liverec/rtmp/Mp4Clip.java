package dev.liverec.rtmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A video-only MP4 made by ffmpeg (libx265 or SVT-AV1), read back as what an RTMP publisher sends: the decoder
 * configuration record (hvcC/av1C box body) and each sample's bytes (length-prefixed NALs / OBUs) with its dts,
 * pts and key flag from ffprobe (ms, shifted so the first dts is 0).
 */
public record Mp4Clip(byte[] config, List<Sample> samples, int width, int height) {
    public record Sample(long dts, long pts, boolean key, byte[] data) {}

    public static synchronized Mp4Clip make(String codec, int seconds) throws IOException, InterruptedException {
        Path dir = Path.of("target", "test-media").toAbsolutePath();
        Files.createDirectories(dir);
        Path out = dir.resolve(codec + "-" + seconds + "s.mp4");
        if (!Files.exists(out)) {
            Path tmp = dir.resolve(codec + "-" + seconds + "s.tmp.mp4");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error",
                    "-f", "lavfi", "-i", "testsrc=size=352x288:rate=25", "-t", String.valueOf(seconds), "-pix_fmt", "yuv420p"));
            if (codec.equals("hevc")) {
                cmd.addAll(List.of("-c:v", "libx265", "-x265-params", "bframes=3:keyint=25:log-level=error", "-tag:v", "hvc1"));
            } else {
                cmd.addAll(List.of("-c:v", "libsvtav1", "-g", "25", "-preset", "12"));
            }
            cmd.add(tmp.toString());
            Ffmpeg.run(cmd, 120);
            Files.move(tmp, out);
        }
        byte[] file = Files.readAllBytes(out);
        byte[] config = box(file, codec.equals("hevc") ? "hvcC" : "av1C");
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_packets",
                "-show_entries", "packet=pts_time,dts_time,pos,size,flags", "-of", "json", out.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode root = new ObjectMapper().readTree(p.getInputStream());
        p.waitFor(30, TimeUnit.SECONDS);
        List<Sample> samples = new ArrayList<>();
        long first = Long.MIN_VALUE;
        for (JsonNode n : root.path("packets")) {
            long dts = Math.round(n.path("dts_time").asDouble() * 1000);
            long pts = Math.round(n.path("pts_time").asDouble() * 1000);
            if (first == Long.MIN_VALUE) first = dts;
            int pos = n.path("pos").asInt();
            int size = n.path("size").asInt();
            samples.add(new Sample(dts - first, pts - first, n.path("flags").asText().startsWith("K"),
                    Arrays.copyOfRange(file, pos, pos + size)));
        }
        return new Mp4Clip(config, samples, 352, 288);
    }

    /** Body of the first box of this type (found by scanning; fine for ffmpeg's small files). */
    static byte[] box(byte[] file, String type) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        for (int i = 4; i + 4 <= file.length; i++) {
            if (file[i] == t[0] && file[i + 1] == t[1] && file[i + 2] == t[2] && file[i + 3] == t[3]) {
                int size = ((file[i - 4] & 0xFF) << 24) | ((file[i - 3] & 0xFF) << 16) | ((file[i - 2] & 0xFF) << 8) | (file[i - 1] & 0xFF);
                if (size >= 8 && i - 4 + size <= file.length) return Arrays.copyOfRange(file, i + 4, i - 4 + size);
            }
        }
        throw new IOException("no " + type + " box");
    }
}
