package dev.liverec.cli;

import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.server.RtmpFixture;
import dev.liverec.stream.PublishAuthorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator reports what it delivered and every publisher that failed, in its stats file and last line. */
class BenchPublishCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, LoadSnapshot last, LoadSnapshot statsFile) {}

    private Result publish(String url, int streams, int seconds) throws Exception {
        Path stats = dir.resolve("stats.json");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new BenchPublishCommand()).execute("--url", url, "--streams", Integer.toString(streams),
                    "--source", Ffmpeg.clip("av-nobf", 6).toString(), "--duration", Integer.toString(seconds),
                    "--ramp-ms", "1", "--threads", "1", "--stats", stats.toString());
        } finally {
            System.setOut(out);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        return new Result(exit, LoadSnapshot.parse(lines.get(lines.size() - 1)), LoadSnapshot.parse(Files.readString(stats)));
    }

    @Test
    void countsDeliveredBytesAgainstNominal() throws Exception {
        try (RtmpFixture rtmp = new RtmpFixture(PublishAuthorizer.ALLOW_ALL)) {
            Result r = publish(rtmp.url("live"), 3, 2);
            assertThat(r.exit()).isZero();
            assertThat(r.last()).isEqualTo(r.statsFile());
            assertThat(r.last().started()).isEqualTo(3);
            assertThat(r.last().failureCount()).isZero();
            assertThat(r.last().wireBytesWritten()).isPositive().isEqualTo(r.last().wireBytesQueued());
            // three streams at the clip's rate (chunk headers included), for ~2 s
            double clipBitsPerSecond = Files.size(Ffmpeg.clip("av-nobf", 6)) * 8 / 6.0;
            assertThat(r.last().nominalBitsPerSecond()).isBetween(3 * 0.8 * clipBitsPerSecond, 3 * 1.2 * clipBitsPerSecond);
            assertThat(r.last().wireBytesWritten() * 8.0).isBetween(0.5 * 2 * r.last().nominalBitsPerSecond(),
                    1.5 * 2 * r.last().nominalBitsPerSecond());
        }
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Result r = publish("rtmp://127.0.0.1:" + closed + "/live", 2, 1);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.last().failures()).containsEntry("connect", 2).containsEntry("refused", 0);
        assertThat(r.last().started()).isZero();
        assertThat(RunValidity.between(r.statsFile(), r.last()).valid()).isFalse();
    }
}
