package dev.liverec.record;

import dev.liverec.storage.FinishedRecording;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The scheduler and sessions with a bare FLV output: which tasks record when, and what files come out. */
class RecordSchedulerTest {
    @TempDir
    static Path media;
    static FlvClip clip;

    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeAll
    static void clip() throws Exception {
        clip = FlvClip.generate(media, 12, 25); // 1 s GOP
    }

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir, EngineFixture.flvOnly());
        fx.plan.templates.put(10L, EngineFixture.template(10, RecordFormat.FLV, 1800));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static StreamKey key(String name) {
        return new StreamKey("push.example.com", "live", name);
    }

    private RecordTask window(String id, StreamKey k, long templateId) {
        Instant now = fx.clock.instant();
        return fx.task(id, k, now.minusSeconds(5), now.plusSeconds(600), templateId);
    }

    private List<FinishedRecording> awaitFiles(String taskId, int n) {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx.store.of(taskId).size() >= n);
        return fx.store.of(taskId);
    }

    private static Path file(FinishedRecording r) {
        return r.files().get(0);
    }

    @Test
    void taskCreatedWhileLiveStartsFromTheCachedKeyframeAtOrBeforeCreation() throws Exception {
        var pub = fx.new Publisher(key("live1"));
        pub.push(clip, 0, 2500, 0, 4); // mid-GOP: the cache holds the keyframe at 2000 ms and what followed
        Instant created = fx.clock.instant();
        fx.plan.create(window("t-live", key("live1"), 10));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.metrics.active(RecordFormat.FLV) == 1);
        pub.push(clip, 2500, 6000, 0, 4);
        pub.end();
        FinishedRecording r = awaitFiles("t-live", 1).get(0);
        assertThat(r.splitReason()).isEqualTo("stream_end");
        assertThat(r.firstFrameUtc()).isBeforeOrEqualTo(created);
        var probe = MediaCheck.assertPlayable(file(r));
        assertThat(probe.firstFrameKey()).isTrue();
        assertThat(probe.videoCodec()).isEqualTo("h264");
        assertThat(probe.audioCodec()).isEqualTo("aac");
        // from the keyframe at 2000 ms to the end of the push at 6000 ms
        assertThat(probe.duration()).isCloseTo(4.0, within(0.1));
        assertThat(Math.abs(probe.videoStart() - probe.audioStart())).isLessThan(0.05);
        assertThat(r.durationMillis()).isCloseTo(4000, within(100L));
        assertThat(r.name()).startsWith("live1_").endsWith(r.name().substring(r.name().length() - 19));
        assertThat(fx.ctx.journal().list("node-a")).isEmpty();
    }

    @Test
    void interruptionAndRepushInsideTheWindowGiveTwoFiles() throws Exception {
        fx.plan.create(window("t-int", key("int"), 10));
        var pub = fx.new Publisher(key("int"));
        pub.pushRecorded(clip, 3000, 0, 1);
        pub.end();
        awaitFiles("t-int", 1);
        var pub2 = fx.new Publisher(key("int"));
        pub2.pushRecorded(clip, 4000, 50_000, 1); // a new publisher clock
        pub2.end();
        List<FinishedRecording> files = awaitFiles("t-int", 2);
        assertThat(files).extracting(FinishedRecording::splitReason).containsOnly("stream_end");
        assertThat(files.get(0).recordingId()).isNotEqualTo(files.get(1).recordingId());
        assertThat(MediaCheck.assertPlayable(file(files.get(0))).duration()).isCloseTo(3.0, within(0.1));
        assertThat(MediaCheck.assertPlayable(file(files.get(1))).duration()).isCloseTo(4.0, within(0.1));
    }

    @Test
    void stopRecordTaskClosesAtOnceAndNeverRestarts() throws Exception {
        fx.plan.create(window("t-stop", key("stop"), 10));
        var pub = fx.new Publisher(key("stop"));
        pub.pushRecorded(clip, 3000, 0, 1);
        fx.plan.stop("t-stop", fx.clock.instant());
        FinishedRecording r = awaitFiles("t-stop", 1).get(0);
        assertThat(r.splitReason()).isEqualTo("task_stop");
        pub.push(clip, 3000, 4000, 0, 0);
        pub.end();
        var pub2 = fx.new Publisher(key("stop"));
        pub2.push(clip, 0, 2000, 0, 0);
        Thread.sleep(600); // two re-reads
        pub2.end();
        Thread.sleep(300);
        assertThat(fx.store.of("t-stop")).hasSize(1);
        assertThat(MediaCheck.assertPlayable(file(r)).duration()).isCloseTo(3.0, within(0.1));
    }

    @Test
    void endTimeReachedMidStreamClosesTheFile() throws Exception {
        Instant now = fx.clock.instant();
        fx.plan.create(fx.task("t-end", key("end"), now.minusSeconds(1), now.plusMillis(1500), 10));
        var pub = fx.new Publisher(key("end"));
        pub.push(clip, 0, 3000, 0, 1); // real time: EndTime falls at about 1.5 s
        FinishedRecording r = awaitFiles("t-end", 1).get(0);
        pub.end();
        assertThat(r.splitReason()).isEqualTo("task_end");
        assertThat(MediaCheck.assertPlayable(file(r)).duration()).isCloseTo(1.5, within(0.3));
        var pub2 = fx.new Publisher(key("end"));
        pub2.push(clip, 0, 1000, 0, 0);
        pub2.end();
        Thread.sleep(300);
        assertThat(fx.store.of("t-end")).hasSize(1);
    }

    @Test
    void atMostThreeOverlappingTasksRecordAStream() throws Exception {
        for (int i = 1; i <= 4; i++) fx.plan.create(window("t-over" + i, key("over"), 10));
        var pub = fx.new Publisher(key("over"));
        pub.pushRecorded(clip, 2000, 0, 3);
        Thread.sleep(500);
        pub.push(clip, 2000, 3000, 0, 0);
        pub.end();
        for (int i = 1; i <= 3; i++) awaitFiles("t-over" + i, 1);
        Thread.sleep(300);
        assertThat(fx.store.of("t-over4")).isEmpty();
        assertThat(fx.events).anyMatch(e -> e.startsWith("t-over4:refused"));
        for (int i = 1; i <= 3; i++) MediaCheck.assertPlayable(file(fx.store.of("t-over" + i).get(0)));
    }

    @Test
    void recordIntervalSplitsOnKeyframesIntoSelfContainedFiles() throws Exception {
        fx.plan.templates.put(11L, EngineFixture.template(11, RecordFormat.FLV, 3)); // engine-level: 3 s
        fx.plan.create(window("t-split", key("split"), 11));
        var pub = fx.new Publisher(key("split"));
        pub.pushRecorded(clip, 10_000, 0, 1);
        pub.end();
        List<FinishedRecording> files = awaitFiles("t-split", 4);
        assertThat(files).extracting(FinishedRecording::splitReason)
                .containsExactly("interval", "interval", "interval", "stream_end");
        double total = 0;
        for (FinishedRecording f : files) {
            var probe = MediaCheck.assertPlayable(file(f));
            assertThat(probe.firstFrameKey()).isTrue();
            assertThat(probe.audioCodec()).isEqualTo("aac");
            total += probe.duration();
        }
        assertThat(files.subList(0, 3)).allSatisfy(f -> assertThat(f.durationMillis()).isCloseTo(3000, within(50L)));
        assertThat(total).isCloseTo(10.0, within(0.2));
        assertThat(files).extracting(FinishedRecording::name).doesNotHaveDuplicates();
    }

    @Test
    void deletedTaskKeepsRecordingButDoesNotStartAgain() throws Exception {
        fx.plan.create(window("t-del", key("del"), 10));
        var pub = fx.new Publisher(key("del"));
        pub.pushRecorded(clip, 2000, 0, 1);
        fx.plan.delete("t-del", fx.clock.instant());
        pub.push(clip, 2000, 4000, 0, 0);
        pub.end();
        FinishedRecording r = awaitFiles("t-del", 1).get(0);
        assertThat(r.splitReason()).isEqualTo("stream_end");
        assertThat(MediaCheck.assertPlayable(file(r)).duration()).isCloseTo(4.0, within(0.1));
        var pub2 = fx.new Publisher(key("del"));
        pub2.push(clip, 0, 1000, 0, 0);
        pub2.end();
        Thread.sleep(300);
        assertThat(fx.store.of("t-del")).hasSize(1);
    }

    @Test
    void taskCreatedOnAnotherNodeIsFoundByTheReread() throws Exception {
        var pub = fx.new Publisher(key("other"));
        pub.push(clip, 0, 1000, 0, 0);
        fx.plan.createElsewhere(window("t-other", key("other"), 10));
        await().atMost(Duration.ofSeconds(3)).until(() -> fx.metrics.active(RecordFormat.FLV) == 1);
        pub.push(clip, 1000, 3000, 0, 0);
        pub.end();
        MediaCheck.assertPlayable(file(awaitFiles("t-other", 1).get(0)));
    }

    @Test
    void ruleRecordsEveryMatchingPublish() throws Exception {
        fx.plan.ruleTemplates.put(key("ruled"), 10L);
        var pub = fx.new Publisher(key("ruled"));
        pub.pushRecorded(clip, 2000, 0, 1);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.committed.size() == 1);
        FinishedRecording r = fx.store.committed.get(0);
        assertThat(r.taskId()).isNull();
        MediaCheck.assertPlayable(file(r));
    }

    @Test
    void windowOpeningLaterStartsTheRecordingOnTime() throws Exception {
        var pub = fx.new Publisher(key("later"));
        Instant now = fx.clock.instant();
        fx.plan.create(fx.task("t-later", key("later"), now.plusMillis(800), now.plusSeconds(60), 10));
        pub.push(clip, 0, 3000, 0, 1);
        pub.end();
        FinishedRecording r = awaitFiles("t-later", 1).get(0);
        // starts at the keyframe at or before 0.8 s (0 s with a 1 s GOP)
        assertThat(MediaCheck.assertPlayable(file(r)).duration()).isBetween(2.0, 3.1);
        assertThat(Files.exists(file(r))).isTrue();
    }
}
