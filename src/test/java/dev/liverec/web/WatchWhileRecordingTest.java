package dev.liverec.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liverec.config.LiverecConfig;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.storage.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watch while recording (issue 13): while a task records a stream that ffmpeg publishes in real time,
 * DescribeRecordFiles lists its files with State "recording" and URLs that ffmpeg reads for 12 s of fresh media —
 * the live EVENT playlist (HLS) and the growing FLV and fragmented MP4 — on the recording node and, proxied, on a
 * second node of the same cluster (S3 storage); after the stop the same FileIds are the finished files and the live
 * playlist URL serves the VOD playlist (same segments, ENDLIST) that ffprobe reads cleanly, from either node once
 * uploaded. The local store is covered by ConsoleWatchLiveTest.
 */
class WatchWhileRecordingTest {
    private static final Logger LOG = LoggerFactory.getLogger(WatchWhileRecordingTest.class);
    private static final String DOMAIN = "push.watch.test";
    private static final Pattern TIME = Pattern.compile("time=(\\d+):(\\d+):(\\d+\\.\\d+)");

    @TempDir
    Path dir;

    private S3ProxyServer s3;
    private NodeFixture node;
    private NodeFixture other;
    private Process publisher;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (publisher != null) publisher.destroyForcibly();
        if (other != null) other.close();
        if (node != null) node.close();
        if (s3 != null) {
            try {
                s3.close();
            } catch (Exception ignored) {
                // temp dir goes anyway
            }
        }
    }

    @Test
    void filesBeingWrittenAreListedAndPlayUntilTheyAreTheFinishedFiles() throws Exception {
        String db = "jdbc:h2:mem:watch" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        s3 = new S3ProxyServer(dir.resolve("s3"));
        s3.start();
        node = new NodeFixture(dir.resolve("a"), cfg -> cluster(cfg, db, "node-a", s3.endpoint()));
        other = new NodeFixture(dir.resolve("b"), cfg -> cluster(cfg, db, "node-b", s3.endpoint()));
        node.addDomain(DOMAIN);
        long tpl = node.api("CreateLiveRecordTemplate", Map.of("TemplateName", "watch",
                "HlsParam", Map.of("Enable", 1), "FlvParam", Map.of("Enable", 1, "RecordInterval", 1800),
                "Mp4Param", Map.of("Enable", 1, "RecordInterval", 1800))).path("TemplateId").asLong();
        publisher = publishLooped(Ffmpeg.clip("av-nobf", 10), node.pushUrl(DOMAIN, "live", "cam"));
        long now = System.currentTimeMillis() / 1000;
        String taskId = node.api("CreateRecordTask", Map.of("DomainName", DOMAIN, "AppName", "live",
                "StreamName", "cam", "StartTime", now, "EndTime", now + 600, "TemplateId", tpl)).path("TaskId").asText();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> recording(files(taskId)).size() == 3);
        Map<String, JsonNode> live = byFormat(recording(files(taskId)));
        long listedAt = System.currentTimeMillis();
        JsonNode hls = live.get("hls");
        assertThat(hls.path("FileId").asText()).startsWith("f");
        assertThat(hls.path("FileName").asText()).endsWith(".m3u8");
        assertThat(hls.path("StorageStatus").asText()).isEqualTo("recording");
        assertThat(hls.path("DurationMs").asLong()).isBetween(0L, 20_000L);
        String hlsUrl = hls.path("PlayUrl").asText();

        // the live playlist: EVENT, no ENDLIST yet
        await().atMost(Duration.ofSeconds(20)).until(() -> segments(get(hlsUrl)).size() >= 1);
        String livePlaylist = get(hlsUrl);
        assertThat(livePlaylist).contains("#EXT-X-PLAYLIST-TYPE:EVENT").doesNotContain("#EXT-X-ENDLIST");
        assertThat(get(hlsUrl, "Cache-Control")).isEqualTo("no-cache");
        LOG.info("live edge of the HLS playlist behind the publisher: {} ms", liveEdgeLagMillis(livePlaylist));

        // another node lists the same files and proxies their bytes from the recording node
        String viaOther = other.url() + URI.create(hlsUrl).getRawPath();
        assertThat(segments(get(viaOther))).startsWith(segments(livePlaylist).get(0));

        // ffmpeg reads 12 s from each URL, following the recording (so it takes a while: the media is fresh). The
        // growing files are read from their first byte: what is on disk comes at once, the rest as it is recorded.
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<double[]>> reads = new ArrayList<>();
        long launched = System.currentTimeMillis();
        for (String f : List.of("hls", "flv", "mp4")) {
            reads.add(CompletableFuture.supplyAsync(() -> read12s(live.get(f).path("PlayUrl").asText()), readers));
        }
        reads.add(CompletableFuture.supplyAsync(() -> read12s(other.url()
                + URI.create(live.get("flv").path("PlayUrl").asText()).getRawPath()), readers));
        double onDisk = (live.get("flv").path("DurationMs").asLong() + launched - listedAt) / 1000.0;
        List<String> names = List.of("hls", "flv", "mp4", "flv via node-b");
        // HLS starts three 2 s segments before the live edge; a growing file at its first byte
        List<Double> atLeast = List.of(4.0, 12 - onDisk - 2, 12 - onDisk - 2, 12 - onDisk - 2);
        try {
            for (int i = 0; i < reads.size(); i++) {
                double[] r = reads.get(i).get(90, TimeUnit.SECONDS);
                LOG.info("{}: ffmpeg decoded {} s of media in {} s ({} s were on disk)", names.get(i), r[0], r[1], onDisk);
                assertThat(r[0]).as(names.get(i) + " media seconds decoded").isBetween(11.5, 12.5);
                assertThat(r[1]).as(names.get(i) + " seconds it took: it followed the recording")
                        .isGreaterThan(Math.max(1.0, atLeast.get(i)));
            }
        } finally {
            readers.shutdownNow();
        }
        String laterPlaylist = get(hlsUrl);
        LOG.info("live edge of the HLS playlist behind the publisher: {} ms", liveEdgeLagMillis(laterPlaylist));

        node.api("StopRecordTask", Map.of("TaskId", taskId));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> recording(files(taskId)).isEmpty() && files(taskId).size() == 3);
        Map<String, JsonNode> done = byFormat(files(taskId));
        for (String f : List.of("hls", "flv", "mp4")) {
            assertThat(done.get(f).path("FileId").asText()).as(f).isEqualTo(live.get(f).path("FileId").asText());
            assertThat(done.get(f).path("State").asText()).isEqualTo("finished");
            assertThat(probeErrors(done.get(f).path("PlayUrl").asText())).as(f + " ffprobe").isEmpty();
        }
        // the live playlist URL now serves the final playlist: the same segments first, then ENDLIST
        String vod = get(hlsUrl);
        assertThat(vod).contains("#EXT-X-ENDLIST");
        assertThat(segments(vod)).startsWith(segments(laterPlaylist).toArray(String[]::new));
        assertThat(vod).isEqualTo(get(done.get("hls").path("PlayUrl").asText()));
        assertThat(probeErrors(hlsUrl)).isEmpty();

        // uploaded to the object store: any node serves the finished files, through either URL
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                files(taskId).stream().allMatch(f -> f.path("StorageStatus").asText().equals("stored")));
        assertThat(get(other.url() + URI.create(hlsUrl).getRawPath())).isEqualTo(vod);
        assertThat(probeErrors(other.url() + URI.create(done.get("mp4").path("PlayUrl").asText()).getRawPath())).isEmpty();
    }

    /** Nodes of one cluster: one database, one bucket, one playback secret. */
    private static void cluster(LiverecConfig cfg, String db, String name, String s3) {
        cfg.db.url = db;
        cfg.storage.type = "s3";
        cfg.storage.s3Endpoint = s3;
        cfg.storage.s3Bucket = "records";
        cfg.storage.s3AccessKey = S3ProxyServer.ACCESS;
        cfg.storage.s3SecretKey = S3ProxyServer.SECRET;
        cfg.storage.uploadPollMillis = 200;
        cfg.nodeName = name;
        cfg.record.playbackUrlSecret = "watch-test-playback-secret";
        cfg.record.hlsSegmentSeconds = 2;
    }

    private static Process publishLooped(Path clip, String url) throws Exception {
        return new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private List<JsonNode> files(String taskId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        node.api("DescribeRecordFiles", Map.of("TaskId", taskId)).path("RecordFileList").forEach(out::add);
        return out;
    }

    private static List<JsonNode> recording(List<JsonNode> files) {
        return files.stream().filter(f -> f.path("State").asText().equals("recording")).toList();
    }

    private static Map<String, JsonNode> byFormat(List<JsonNode> files) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode f : files) m.put(f.path("FileFormat").asText(), f);
        return m;
    }

    private String get(String url) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private String get(String url, String header) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue(header).orElse("");
    }

    private static List<String> segments(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    /** Now minus the end of the last listed segment (its PROGRAM-DATE-TIME plus its EXTINF). */
    private static long liveEdgeLagMillis(String playlist) {
        Instant pdt = null;
        double dur = 0;
        for (String l : playlist.split("\n")) {
            if (l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) pdt = java.time.OffsetDateTime.parse(l.substring(25)).toInstant();
            else if (l.startsWith("#EXTINF:")) dur = Double.parseDouble(l.substring(8, l.indexOf(',')));
        }
        return pdt == null ? -1 : System.currentTimeMillis() - pdt.toEpochMilli() - Math.round(dur * 1000);
    }

    /** {@code ffmpeg -i url -t 12 -f null -}: media seconds decoded and wall seconds taken. */
    private static double[] read12s(String url) {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-i", url, "-t", "12", "-f", "null", "-")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(80, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(url + "\n" + out).isZero();
            double media = -1;
            Matcher m = TIME.matcher(out);
            while (m.find()) {
                media = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
            }
            return new double[] {media, (System.nanoTime() - t0) / 1e9};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String probeErrors(String url) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 && out.matches("[0-9.]+") ? "" : out;
    }
}
