package dev.liverec.record;

import dev.liverec.media.hls.HlsPlaylistChecker;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The engine with the media package's writers: every file plays, HLS playlists pass the RFC 8216 checker. */
class RealFormatsTest {
    @TempDir
    static Path media;
    static FlvClip clip;

    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeAll
    static void clip() throws Exception {
        clip = FlvClip.generate(media, 12, 25);
    }

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir, OutputFormats.available());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static StreamKey key(String name) {
        return new StreamKey("push.example.com", "live", name);
    }

    private RecordTemplate template(long id, long flowContinue, RecordFormat... formats) {
        Map<RecordFormat, RecordParam> p = new EnumMap<>(RecordFormat.class);
        for (RecordFormat x : RecordFormat.values()) p.put(x, RecordParam.disabled());
        for (RecordFormat f : formats) p.put(f, new RecordParam(true, 1800, 0, 0, null, null, null, null, null, null, null));
        return new RecordTemplate(id, EngineFixture.ACCOUNT, "t" + id, "", p, 0, flowContinue, null, null, null);
    }

    private void startTask(String id, String stream, RecordTemplate tpl) {
        fx.plan.templates.put(tpl.templateId(), tpl);
        Instant now = fx.clock.instant();
        fx.plan.create(fx.task(id, key(stream), now.minusSeconds(1), now.plusSeconds(600), tpl.templateId()));
    }

    static void assertHls(FinishedRecording r, int discontinuities) throws Exception {
        String text = Files.readString(r.files().get(0));
        assertThat(HlsPlaylistChecker.check(text)).as(text).isEmpty();
        assertThat(text).contains("#EXT-X-ENDLIST", "#EXT-X-PROGRAM-DATE-TIME", "#EXT-X-PLAYLIST-TYPE:EVENT");
        assertThat(text.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(discontinuities + 1);
        for (Path seg : r.files().subList(1, r.files().size())) MediaCheck.assertPlayable(seg);
    }

    @Test
    void everyFormatOfOnePushPlaysAndMatchesThePushedDuration() throws Exception {
        startTask("t-fmt", "fmt", template(30, 0, RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4,
                RecordFormat.AAC));
        var pub = fx.new Publisher(key("fmt"));
        pub.push(clip, 0, 500, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.active(RecordFormat.HLS) == 1
                && fx.metrics.active(RecordFormat.FLV) == 1 && fx.metrics.active(RecordFormat.MP4) == 1
                && fx.metrics.active(RecordFormat.AAC) == 1);
        pub.push(clip, 500, 9000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-fmt").size() == 4);
        for (FinishedRecording r : fx.store.of("t-fmt")) {
            var probe = MediaCheck.assertPlayable(r.files().get(0));
            assertThat(r.files().get(0).getFileName().toString()).endsWith("." + r.format().extension());
            // raw ADTS has no index: ffprobe estimates its duration from the bitrate
            assertThat(probe.duration()).as(r.format().name())
                    .isCloseTo(9.0, within(r.format() == RecordFormat.AAC ? 0.4 : 0.15));
            assertThat(r.durationMillis()).as(r.format().name()).isCloseTo(9000, within(150L));
            assertThat(r.audioCodec()).isEqualTo("aac");
            if (r.format() == RecordFormat.AAC) {
                assertThat(probe.videoCodec()).isNull();
                assertThat(r.videoCodec()).isNull();
                continue;
            }
            assertThat(probe.firstFrameKey()).as(r.format().name()).isTrue();
            assertThat(Math.abs(probe.videoStart() - probe.audioStart())).as(r.format().name()).isLessThan(0.05);
            assertThat(r.videoCodec()).isEqualTo("h264");
            if (r.format() == RecordFormat.HLS) assertHls(r, 0);
        }
        Path mp4 = fx.store.of("t-fmt").stream().filter(r -> r.format() == RecordFormat.MP4).findFirst()
                .orElseThrow().files().get(0);
        assertThat(topLevelBoxes(mp4)).as("progressive, moov first").startsWith("ftyp", "moov").doesNotContain("moof");
    }

    /** Box types at the top level of an MP4 file. */
    static List<String> topLevelBoxes(Path f) throws Exception {
        List<String> types = new java.util.ArrayList<>();
        try (var ch = java.nio.channels.FileChannel.open(f)) {
            long pos = 0, size = ch.size();
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(16);
            while (pos + 8 <= size) {
                h.clear();
                ch.read(h, pos);
                long len = Integer.toUnsignedLong(h.getInt(0));
                types.add(new String(new byte[]{h.get(4), h.get(5), h.get(6), h.get(7)}, java.nio.charset.StandardCharsets.US_ASCII));
                if (len == 1) len = h.getLong(8);
                if (len < 8) break;
                pos += len;
            }
        }
        return types;
    }

    @Test
    void mp4SplitsByRecordIntervalIntoProgressiveFilesStartingOnKeyframes() throws Exception {
        RecordTemplate t = template(32, 0, RecordFormat.MP4);
        Map<RecordFormat, RecordParam> p = new EnumMap<>(t.params());
        p.put(RecordFormat.MP4, new RecordParam(true, 4, 0, 0, "{StreamID}-{StartMillisecond}", null, null, null,
                null, null, null));
        startTask("t-mp4split", "mp4split", new RecordTemplate(32, EngineFixture.ACCOUNT, "s", "", p, 0, 0, null,
                null, null));
        var pub = fx.new Publisher(key("mp4split"));
        pub.pushRecorded2(clip, 10_000, 0, RecordFormat.MP4);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-mp4split").size() == 3);
        double total = 0;
        for (FinishedRecording r : fx.store.of("t-mp4split")) {
            var probe = MediaCheck.assertPlayable(r.files().get(0));
            assertThat(probe.firstFrameKey()).isTrue();
            assertThat(r.name()).startsWith("mp4split-");
            total += probe.duration();
        }
        assertThat(total).isCloseTo(10.0, within(0.2));
    }

    @Test
    void hlsRepushWithinFlowContinueDurationContinuesOnePlaylistAfterADiscontinuity() throws Exception {
        startTask("t-resume", "resume", template(31, 30, RecordFormat.HLS));
        var pub = fx.new Publisher(key("resume"));
        pub.pushRecorded2(clip, 5000, 0, RecordFormat.HLS);
        pub.end();
        Thread.sleep(300);
        assertThat(fx.store.of("t-resume")).isEmpty(); // no callback at an interruption
        var pub2 = fx.new Publisher(key("resume"));
        pub2.pushRecorded2(clip, 4000, 90_000, RecordFormat.HLS);
        pub2.end();
        Thread.sleep(300);
        assertThat(fx.store.of("t-resume")).isEmpty();
        fx.plan.stop("t-resume", fx.clock.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-resume").size() == 1);
        FinishedRecording r = fx.store.of("t-resume").get(0);
        assertHls(r, 1);
        var probe = MediaCheck.assertPlayable(r.files().get(0));
        assertThat(probe.duration()).isCloseTo(9.0, within(0.3));
        assertThat(r.durationMillis()).isCloseTo(9000, within(300L));
    }

    @Test
    void aTimestampJumpSplitsFlvAndMarksADiscontinuityInHls() throws Exception {
        startTask("t-jump", "jump", template(33, 0, RecordFormat.FLV, RecordFormat.HLS));
        var pub = fx.new Publisher(key("jump"));
        pub.pushRecorded2(clip, 4000, 0, RecordFormat.HLS);
        pub.push(clip, 4000, 8000, 3_600_000, 0); // the publisher's clock jumps an hour ahead
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-jump").size() == 3);
        List<FinishedRecording> flv = fx.store.of("t-jump").stream().filter(r -> r.format() == RecordFormat.FLV).toList();
        assertThat(flv).extracting(FinishedRecording::splitReason).containsExactly("timestamp_jump", "stream_end");
        // wall-clock times follow the real clock, not the publisher's jumped one
        assertThat(Duration.between(flv.get(0).fileEnd(), flv.get(1).fileStart()).abs()).isLessThan(Duration.ofSeconds(5));
        for (FinishedRecording r : flv) {
            assertThat(MediaCheck.assertPlayable(r.files().get(0)).duration()).isCloseTo(4.0, within(0.15));
        }
        FinishedRecording hls = fx.store.of("t-jump").stream().filter(r -> r.format() == RecordFormat.HLS)
                .findFirst().orElseThrow();
        assertHls(hls, 1);
        assertThat(MediaCheck.assertPlayable(hls.files().get(0)).duration()).isCloseTo(8.0, within(0.3));
    }
}
