package dev.liverec;

import dev.liverec.media.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's walkthrough ("Record a stream, end to end") works as written: its shell block, taken from README.md
 * so the two cannot drift, runs under {@code bash} with {@code set -euo pipefail} through the real launcher
 * ({@code ./liverec}, the shaded jar) in an empty folder, with the settings the block itself offers (its own data
 * folder, free ports, a 3 s recording). It must end with a finished HLS recording that {@code ffprobe -v error}
 * accepts, both through the PlayUrl (the block's own ffprobe) and on disk. Runs in {@code verify} after
 * {@code package}; the block's output and the server log go to {@code target/ReadmeWalkthroughIT-*.log}.
 */
class ReadmeWalkthroughIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final String HEADING = "## Record a stream, end to end";

    @TempDir
    Path dir;

    private Process bash;

    @AfterEach
    void stop() throws IOException {
        if (bash != null && bash.isAlive()) {
            bash.descendants().forEach(ProcessHandle::destroy);
            bash.destroy();
        }
        // whatever the block started and left running (it lives in this test's folder)
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        for (String name : List.of("out.log", "liverec.log")) {
            Path f = dir.resolve("work").resolve(name);
            if (Files.exists(f)) {
                Files.copy(f, ROOT.resolve("target").resolve("ReadmeWalkthroughIT-" + name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String walkthrough() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf(HEADING);
        assertThat(at).as("README section " + HEADING).isNotNegative();
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(at)).as("a bash block under " + HEADING).isTrue();
        return block.group(1);
    }

    @Test
    void theReadmeWalkthroughRecordsAFileThatFfprobeAccepts() throws Exception {
        Path jar = Path.of(System.getProperty("liverec.jar", "target/liverec.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
        String block = walkthrough();
        assertThat(block).contains("CreateRecordTask", "DescribeRecordTaskStates", "StopRecordTask", "DescribeRecordFiles",
                "ffprobe -v error", "ffmpeg ");

        // an empty folder with the launcher in it, as the README's "./liverec" expects
        Path work = Files.createDirectories(dir.resolve("work"));
        Path launcher = work.resolve("liverec");
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec " + quote(ROOT.resolve("liverec").toString()) + " \"$@\"\n");
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        Path data = dir.resolve("data");
        Path script = work.resolve("walkthrough.sh");
        Files.writeString(script, "set -euo pipefail\n" + block);

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("out.log").toFile());
        var env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LIVEREC_"));
        env.put("DATA", data.toString());
        env.put("HTTP_PORT", Integer.toString(freePort()));
        env.put("RTMP_PORT", Integer.toString(freePort()));
        env.put("RECORD_SECONDS", "3");
        env.put("LIVEREC_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
        bash = pb.start();
        boolean done = bash.waitFor(240, TimeUnit.SECONDS);
        String out = Files.readString(work.resolve("out.log"));
        String log = Files.exists(work.resolve("liverec.log")) ? Files.readString(work.resolve("liverec.log")) : "";
        assertThat(done).as("the walkthrough finished in time; output:%n%s%nserver log:%n%s", out, log).isTrue();
        assertThat(bash.exitValue()).as("walkthrough exit; output:%n%s%nserver log:%n%s", out, log).isZero();

        // what the reader sees: the task's state, the finished file listed, ffprobe describing it through its URL
        // (a machine slow to start the push may still say "waiting" after 3 s, as the README's comment says)
        assertThat(out).containsPattern("\"State\" : \"(recording|waiting)\"").contains("\"RecordFileList\"", "\"FileFormat\" : \"hls\"",
                "\"SplitReason\" : \"task_stop\"", "format_name=hls", "duration=");
        assertThat(out + log).as("ANSI escape codes from the launcher").doesNotContain("\u001b");
        // the startup block names the real push port and the data directory
        assertThat(log).contains("push to:      rtmp://127.0.0.1:" + env.get("RTMP_PORT") + "/live/")
                .contains("data dir:     " + data).contains("database:     jdbc:h2:file:" + data);

        // the recorded playlist on disk: ffprobe -v error accepts it without a word
        Path playlist;
        try (Stream<Path> s = Files.walk(data.resolve("records"))) {
            playlist = s.filter(p -> p.toString().endsWith(".m3u8")).findFirst().orElseThrow();
        }
        var probe = TestMedia.probeStreams(playlist);
        assertThat(TestMedia.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(TestMedia.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
        assertThat(Files.readString(playlist)).contains("#EXT-X-ENDLIST");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
