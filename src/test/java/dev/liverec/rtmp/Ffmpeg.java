package dev.liverec.rtmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real ffmpeg/ffprobe for tests: makes short clips, lists a file's packets, publishes over RTMP. */
public final class Ffmpeg {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Clips are cached for the JVM: target/test-media survives between test classes. */
    private static final Path MEDIA = Path.of("target", "test-media").toAbsolutePath();

    private Ffmpeg() {}

    public record Packet(String type, long dts, long pts, int size, boolean key) {}

    /** A lavfi clip (testsrc + sine) muxed to FLV; {@code kind}: av-nobf, av-bf, audio, video. Cached. */
    public static synchronized Path clip(String kind, int seconds) throws IOException, InterruptedException {
        Files.createDirectories(MEDIA);
        Path out = MEDIA.resolve(kind + "-" + seconds + "s.flv");
        if (Files.exists(out)) return out;
        Path tmp = MEDIA.resolve(kind + "-" + seconds + "s.tmp.flv");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error"));
        boolean video = !kind.equals("audio");
        boolean audio = !kind.equals("video");
        if (video) cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"));
        if (audio) cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"));
        cmd.addAll(List.of("-t", String.valueOf(seconds)));
        if (video) {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p",
                    "-bf", kind.equals("av-bf") ? "3" : "0"));
        }
        if (audio && kind.endsWith("mp3")) cmd.addAll(List.of("-c:a", "libmp3lame", "-b:a", "64k"));
        else if (audio) cmd.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        cmd.addAll(List.of("-f", "flv", tmp.toString()));
        run(cmd, 120);
        Files.move(tmp, out);
        return out;
    }

    public static List<Packet> probePackets(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_packets", "-of", "json", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode root = JSON.readTree(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed on " + file);
        List<Packet> out = new ArrayList<>();
        for (JsonNode n : root.path("packets")) {
            out.add(new Packet(n.path("codec_type").asText(), n.path("dts").asLong(), n.path("pts").asLong(),
                    n.path("size").asInt(), n.path("flags").asText().startsWith("K")));
        }
        return out;
    }

    /** Starts {@code ffmpeg [-re] -i src -c copy -f flv url}. */
    public static Process publish(Path src, String url, boolean realtime) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error"));
        if (realtime) cmd.add("-re");
        cmd.addAll(List.of("-i", src.toString(), "-c", "copy", "-f", "flv", url));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    public static void run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("failed: " + String.join(" ", cmd) + "\n" + out);
        }
    }
}
