package dev.liverec.web;

import com.sun.net.httpserver.HttpServer;
import dev.liverec.rtmp.Ffmpeg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one metrics table of docs/operations.md and a real node agree both ways: every documented series exists, and
 * every {@code liverec_*} series the node exports (after a push, a recording, a callback and API calls) is
 * documented. The ingest, task, recording, storage, callback and API series move while ffmpeg pushes over RTMP and
 * a task records it.
 */
@Tag("slow")
class MetricsUnderPushTest {
    private static final String DOMAIN = "push.metrics.test";

    @TempDir
    Path dir;

    private NodeFixture node;
    private HttpServer receiver;
    private Process ffmpeg;

    @AfterEach
    void stop() {
        if (ffmpeg != null) ffmpeg.destroyForcibly();
        if (receiver != null) receiver.stop(0);
        if (node != null) node.close();
    }

    /** (name, present) rows of the metrics table in docs/operations.md. */
    static List<String[]> documentedSeries() throws Exception {
        List<String[]> out = new ArrayList<>();
        Pattern row = Pattern.compile("^\\| `([a-z_]+)` \\|[^|]*\\|[^|]*\\| (start|event|s3|gc) \\|");
        for (String line : Files.readAllLines(Path.of("docs/operations.md"))) {
            Matcher m = row.matcher(line);
            if (m.find()) out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    static boolean present(String scrape, String name) {
        return Pattern.compile("(?m)^" + name + "(_count|_sum|_max)?[{ ]").matcher(scrape).find();
    }

    /** The value of one sample, e.g. {@code liverec_files_finished_total{format="hls"}}; empty if absent. */
    static OptionalDouble value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            boolean all = true;
            for (String l : labels) all &= line.contains(l);
            if (all) return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return OptionalDouble.empty();
    }

    private double v(String name, String... labels) throws Exception {
        return value(node.get("/metrics"), name, labels).orElse(-1);
    }

    @Test
    void documentedSeriesExistAndMoveUnderARealPush() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        node = new NodeFixture(dir, cfg -> {});

        // a full node is ready: database, storage, RTMP listener, HTTP
        assertThat(node.get("/readyz")).contains("\"status\":\"ready\"").contains("\"storage\":\"ok\"")
                .contains("\"rtmp\":\"ok\"").contains("\"database\":\"ok\"");
        List<String[]> documented = documentedSeries();
        assertThat(documented).hasSizeGreaterThan(15);
        String atStart = node.get("/metrics");
        for (String[] d : documented) {
            if (d[1].equals("start")) assertThat(present(atStart, d[0])).as("series %s at startup", d[0]).isTrue();
        }
        assertThat(value(atStart, "liverec_streams_live")).hasValue(0);

        node.addDomain(DOMAIN);
        long tpl = node.api("CreateLiveCallbackTemplate", Map.of("TemplateName", "metrics",
                "RecordNotifyUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb")).path("TemplateId").asLong();
        node.api("CreateLiveCallbackRule", Map.of("DomainName", DOMAIN, "AppName", "live", "TemplateId", tpl));
        assertThat(v("liverec_api_requests_total", "action=\"AddLiveDomain\"", "code=\"OK\"")).isEqualTo(1);
        assertThat(node.call("StopRecordTask", Map.of("TaskId", "no-such-task")).path("Error").path("Code").asText()).isNotEmpty();
        assertThat(v("liverec_api_requests_total", "action=\"StopRecordTask\"", "code=\"OK\"")).isEqualTo(-1);
        assertThat(node.get("/metrics")).containsPattern("liverec_api_requests_total\\{action=\"StopRecordTask\",code=\"[A-Za-z.]+\"} 1\\.0");

        ffmpeg = Ffmpeg.publish(Ffmpeg.clip("av-nobf", 60), node.pushUrl(DOMAIN, "live", "m1"), true);
        await().atMost(Duration.ofSeconds(20)).until(() -> v("liverec_streams_live") == 1);
        double b1 = v("liverec_ingest_bytes_total");
        await().atMost(Duration.ofSeconds(10)).until(() -> v("liverec_ingest_bytes_total") > b1 + 10_000);
        assertThat(v("liverec_stream_publishes_total")).isEqualTo(1);
        assertThat(v("liverec_rtmp_publishes_total", "result=\"accepted\"")).isEqualTo(1);
        assertThat(v("liverec_rtmp_connections_total")).isGreaterThanOrEqualTo(1);
        assertThat(v("liverec_rtmp_handshakes_total", "kind=\"plain\"") + v("liverec_rtmp_handshakes_total", "kind=\"digest\"")).isGreaterThanOrEqualTo(1);

        long now = System.currentTimeMillis() / 1000;
        String taskId = node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "m1",
                "EndTime", now + 600)).path("TaskId").asText();
        node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live", "StreamName", "later",
                "StartTime", now + 300, "EndTime", now + 900));
        await().atMost(Duration.ofSeconds(20)).until(() -> v("liverec_record_tasks", "state=\"scheduled\"") == 1);

        Assumptions.assumeTrue(NodeFixture.recordsHls(), "this build's recording engine has no HLS writer yet");
        await().atMost(Duration.ofSeconds(20)).until(() -> v("liverec_recordings_active", "format=\"hls\"") == 1);
        assertThat(v("liverec_record_tasks", "state=\"running\"")).isEqualTo(1);
        double w1 = v("liverec_record_bytes_written_total");
        await().atMost(Duration.ofSeconds(15)).until(() -> v("liverec_record_bytes_written_total") > w1 && w1 >= 0);
        assertThat(v("liverec_segment_write_seconds_count")).isPositive();

        node.api("StopRecordTask", Map.of("TaskId", taskId));
        await().atMost(Duration.ofSeconds(30)).until(() -> v("liverec_files_finished_total", "format=\"hls\"") >= 1);
        assertThat(v("liverec_recordings_active", "format=\"hls\"")).isZero();
        assertThat(v("liverec_bytes_stored_total")).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                v("liverec_callback_deliveries_total", "event=\"record\"", "result=\"delivered\"") >= 1);

        ffmpeg.destroy();
        await().atMost(Duration.ofSeconds(20)).until(() -> v("liverec_streams_live") == 0);
        double ended = v("liverec_ingest_bytes_total");
        assertThat(ended).isGreaterThan(b1);
        String atEnd = node.get("/metrics");
        for (String[] d : documented) {
            if (!d[1].equals("s3") && !d[1].equals("gc")) assertThat(present(atEnd, d[0])).as("series %s after the push", d[0]).isTrue();
        }
        assertThat(undocumented(atEnd, documented)).as("exported liverec_* series missing from docs/operations.md").isEmpty();
    }

    /** liverec_* series in a scrape that the table does not list (a summary's _count/_sum/_max belong to it). */
    static Set<String> undocumented(String scrape, List<String[]> documented) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^(liverec_[a-z_]+)[{ ]").matcher(scrape);
        while (m.find()) names.add(m.group(1));
        Set<String> listed = new TreeSet<>();
        for (String[] d : documented) listed.add(d[0]);
        names.removeIf(n -> listed.contains(n) || listed.contains(n.replaceFirst("_(count|sum|max)$", "")));
        return names;
    }

    @Test
    void operationsDocsHaveOneMetricsTableAndNoPlaceholders() throws Exception {
        String doc = Files.readString(Path.of("docs/operations.md"));
        assertThat(Pattern.compile("(?m)^\\| Series \\|").matcher(doc).results().count()).as("metrics tables").isEqualTo(1);
        assertThat(undocumented("liverec_made_up_total 1.0\nliverec_segment_write_seconds_max 0.1\n", documentedSeries()))
                .containsExactly("liverec_made_up_total");
    }
}
