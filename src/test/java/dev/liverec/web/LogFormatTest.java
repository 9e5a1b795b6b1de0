package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped logback.xml: text lines with req=/task=/stream= from the MDC, or JSON lines with LIVEREC_LOG_FORMAT=json. */
class LogFormatTest {
    /** Logs one line with all three MDC keys and one without any (run in a child JVM with the test classpath). */
    public static void main(String[] args) {
        MDC.put("requestId", "r-1");
        MDC.put("taskId", "t-1");
        MDC.put("stream", "d.example/live/s");
        LoggerFactory.getLogger("dev.liverec.Probe").info("with context {}", 42);
        MDC.clear();
        LoggerFactory.getLogger("dev.liverec.Probe").warn("without context");
    }

    private static List<String> run(String format) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogFormatTest.class.getName()).redirectErrorStream(true);
        pb.environment().remove("LIVEREC_LOG_FORMAT");
        if (format != null) pb.environment().put("LIVEREC_LOG_FORMAT", format);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void textLinesCarryTheMdcAsKeyValuePairs() throws Exception {
        List<String> lines = run(null);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[main\\] dev\\.liverec\\.Probe"
                + " req=r-1 task=t-1 stream=d\\.example/live/s - with context 42");
        assertThat(lines.get(1)).endsWith("WARN  [main] dev.liverec.Probe - without context");
    }

    @Test
    void jsonLinesWhenAskedFor() throws Exception {
        List<String> lines = run("json");
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("dev.liverec.Probe");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("with context 42");
        assertThat(first.path("mdc").path("requestId").asText()).isEqualTo("r-1");
        assertThat(first.path("mdc").path("taskId").asText()).isEqualTo("t-1");
        assertThat(first.path("mdc").path("stream").asText()).isEqualTo("d.example/live/s");
        assertThat(first.path("timestamp").asLong()).isPositive();
        assertThat(json.readTree(lines.get(1)).path("level").asText()).isEqualTo("WARN");
    }
}
