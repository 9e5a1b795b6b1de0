package dev.liverec.record;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import dev.liverec.media.flv.FlvReader;
import dev.liverec.record.output.mp3.Mp3Recovery;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTemplate;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * MP3 audio through the engine with the real writers: MP3 has no sequence header, so its track is known from its
 * first frame; files keep it next to H.264/HEVC video, audio-only streams record, Mp3Param writes .mp3 files, a
 * codec change splits, a crash leaves a recoverable .mp3, and a codec the format cannot store as is is refused once.
 */
class Mp3RecordingTest {
    @TempDir
    static Path media;
    static FlvClip h264Mp3;
    static FlvClip h264Aac;
    static FlvClip mp3Only;

    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeAll
    static void clips() throws Exception {
        h264Mp3 = FlvClip.generate(media, 12, 25, "libmp3lame");
        h264Aac = FlvClip.generate(media, 12, 25, "aac");
        mp3Only = FlvClip.mp3Only(media, 10);
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

    static RecordParam param(int interval) {
        return new RecordParam(true, interval, 0, 0, null, null, null, null, null, null, null);
    }

    private void startTask(String id, String stream, long templateId, int interval, RecordFormat... formats) {
        Map<RecordFormat, RecordParam> p = new EnumMap<>(RecordFormat.class);
        for (RecordFormat x : RecordFormat.values()) p.put(x, RecordParam.disabled());
        for (RecordFormat f : formats) p.put(f, param(interval));
        fx.plan.templates.put(templateId, new RecordTemplate(templateId, EngineFixture.ACCOUNT, "t" + templateId, "", p,
                0, 0, null, null, null));
        Instant now = fx.clock.instant();
        fx.plan.create(fx.task(id, key(stream), now.minusSeconds(1), now.plusSeconds(600), templateId));
    }

    /** A publisher whose onMetaData announces its audio codec, as ffmpeg's does (FLV codec id 2 = MP3, 10 = AAC). */
    private EngineFixture.Publisher publisher(String stream, int audioCodecId) throws Exception {
        var pub = fx.new Publisher(key(stream));
        pub.stream.setMetadata(Map.of("audiocodecid", (double) audioCodecId));
        return pub;
    }

    private void awaitActive(RecordFormat... formats) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (RecordFormat f : formats) if (fx.metrics.active(f) < 1) return false;
            return true;
        });
    }

    private static void assertAv(MediaCheck.Probe probe, String videoCodec, double seconds, String what) {
        assertThat(probe.videoCodec()).as(what).isEqualTo(videoCodec);
        assertThat(probe.audioCodec()).as(what).isEqualTo("mp3");
        assertThat(probe.firstFrameKey()).as(what).isTrue();
        assertThat(Math.abs(probe.videoStart() - probe.audioStart())).as(what + " A/V start").isLessThan(0.05);
        assertThat(probe.duration()).as(what).isCloseTo(seconds, within(0.15));
    }

    @Test
    void h264WithMp3KeepsTheAudioInFlvHlsMp4AndMp3ParamRecordsIt() throws Exception {
        startTask("t-av", "av", 40, 1800, RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4, RecordFormat.MP3);
        var pub = publisher("av", 2);
        pub.push(h264Mp3, 0, 500, 0, 0);
        awaitActive(RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4, RecordFormat.MP3);
        pub.push(h264Mp3, 500, 9000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-av").size() == 4);
        for (FinishedRecording r : fx.store.of("t-av")) {
            String what = r.format().name();
            Path f = r.files().get(0);
            assertThat(f.getFileName().toString()).endsWith("." + r.format().extension());
            var probe = MediaCheck.assertPlayable(f);
            assertThat(r.audioCodec()).as(what).isEqualTo("mp3");
            assertThat(r.durationMillis()).as(what).isCloseTo(9000, within(150L));
            if (r.format() == RecordFormat.MP3) {
                assertThat(probe.videoCodec()).isNull();
                assertThat(r.videoCodec()).isNull();
                assertThat(probe.audioCodec()).isEqualTo("mp3");
                assertThat(probe.duration()).isCloseTo(9.0, within(0.2)); // no index: estimated from the bitrate
                assertThat(Mp3Recovery.scan(f).wholeFrameBytes()).isEqualTo(Files.size(f)); // raw frames only
                continue;
            }
            assertThat(r.videoCodec()).isEqualTo("h264");
            assertAv(probe, "h264", 9.0, what);
            if (r.format() == RecordFormat.HLS) RealFormatsTest.assertHls(r, 0);
        }
    }

    @Test
    void hevcWithMp3KeepsTheAudioInFlvHlsAndMp4() throws Exception {
        List<MediaPacket> hevc = TestMedia.hevcPackets(6, false); // 10 fps, a keyframe every second
        FlvClip clip;
        try {
            clip = FlvClip.of(hevc).withAudioOf(mp3Only);
        } finally {
            TestMedia.releaseAll(hevc);
        }
        startTask("t-hevc", "hevc", 41, 1800, RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4);
        var pub = publisher("hevc", 2);
        pub.push(clip, 0, 500, 0, 0);
        awaitActive(RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4);
        pub.push(clip, 500, 6000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-hevc").size() == 3);
        for (FinishedRecording r : fx.store.of("t-hevc")) {
            assertThat(r.audioCodec()).isEqualTo("mp3");
            assertThat(r.videoCodec()).isEqualTo("hevc");
            Path f = r.files().get(0);
            if (r.format() == RecordFormat.FLV) { // Enhanced RTMP hvc1, which ffmpeg 5.1 cannot read: our reader
                int video = 0, audio = 0;
                var in = Unpooled.wrappedBuffer(Files.readAllBytes(f));
                try {
                    FlvReader reader = new FlvReader(in);
                    assertThat(reader.headerHasAudio()).isTrue();
                    assertThat(reader.headerHasVideo()).isTrue();
                    MediaPacket p;
                    while ((p = reader.next()) != null) {
                        if (p.codec() == Codec.HEVC && !p.isSequenceHeader()) video++;
                        if (p.codec() == Codec.MP3) audio++;
                        p.release();
                    }
                } finally {
                    in.release();
                }
                assertThat(video).isEqualTo(60);
                assertThat(audio).isBetween(225, 232); // 6 s of 1152-sample frames at 44.1 kHz
                continue;
            }
            assertAv(MediaCheck.assertPlayable(f), "hevc", 6.0, r.format().name());
        }
    }

    @Test
    void taskCreatedWhileLiveHoldsTheCachedKeyframeUntilTheFirstMp3Frame() throws Exception {
        var pub = publisher("live", 2);
        pub.push(h264Mp3, 0, 2500, 0, 0); // the GOP cache: keyframe at 2000 ms first, MP3 frames after it
        startTask("t-live", "live", 42, 1800, RecordFormat.FLV);
        awaitActive(RecordFormat.FLV);
        pub.push(h264Mp3, 2500, 6000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-live").size() == 1);
        FinishedRecording r = fx.store.of("t-live").get(0);
        assertThat(r.audioCodec()).isEqualTo("mp3");
        assertAv(MediaCheck.assertPlayable(r.files().get(0)), "h264", 4.0, "FLV from the GOP cache");
    }

    @Test
    void audioOnlyMp3StreamRecordsMp3FlvHlsAndMp4FromItsFirstFrame() throws Exception {
        startTask("t-audio", "audio", 43, 1800, RecordFormat.MP3, RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4);
        var pub = publisher("audio", 2);
        pub.push(mp3Only, 0, 500, 0, 0);
        awaitActive(RecordFormat.MP3, RecordFormat.FLV, RecordFormat.HLS, RecordFormat.MP4);
        pub.push(mp3Only, 500, 6000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-audio").size() == 4);
        for (FinishedRecording r : fx.store.of("t-audio")) {
            String what = r.format().name();
            var probe = MediaCheck.assertPlayable(r.files().get(0));
            assertThat(probe.videoCodec()).as(what).isNull();
            assertThat(probe.audioCodec()).as(what).isEqualTo("mp3");
            assertThat(r.audioCodec()).as(what).isEqualTo("mp3");
            assertThat(r.videoCodec()).as(what).isNull();
            // A/V formats wait a second for video, then write the audio they held: nothing lost
            assertThat(probe.duration()).as(what).isCloseTo(6.0, within(0.2));
            assertThat(r.durationMillis()).as(what).isCloseTo(6000, within(100L));
            if (r.format() == RecordFormat.HLS) RealFormatsTest.assertHls(r, 0);
        }
    }

    @Test
    void mp3SplitsByRecordIntervalIntoWholeFrameFilesAndDropsAnUnreadableFrame() throws Exception {
        startTask("t-split", "split", 44, 3, RecordFormat.MP3); // engine-level: 3 s
        var pub = publisher("split", 2);
        pub.push(mp3Only, 0, 500, 0, 0);
        awaitActive(RecordFormat.MP3);
        pub.push(mp3Only, 500, 5000, 0, 0);
        dispatch(pub, List.of(new FlvClip.Frame(Codec.MP3, 5000, 5000, false, false, new byte[]{0, 1, 2, 3, 4})));
        pub.push(mp3Only, 5000, 10_000, 0, 0);
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-split").size() == 4);
        List<FinishedRecording> files = fx.store.of("t-split");
        assertThat(files).extracting(FinishedRecording::splitReason)
                .containsExactly("interval", "interval", "interval", "stream_end");
        double total = 0;
        for (FinishedRecording f : files) {
            Path p = f.files().get(0);
            assertThat(p.getFileName().toString()).endsWith(".mp3");
            var probe = MediaCheck.assertPlayable(p);
            assertThat(probe.audioCodec()).isEqualTo("mp3");
            var scan = Mp3Recovery.scan(p);
            assertThat(scan.wholeFrameBytes()).isEqualTo(Files.size(p));
            total += scan.durationMillis();
        }
        assertThat(files.subList(0, 3)).allSatisfy(f -> assertThat(f.durationMillis()).isCloseTo(3000, within(30L)));
        assertThat(total).isCloseTo(10_000, within(60.0));
        assertThat(files).extracting(FinishedRecording::name).doesNotHaveDuplicates();
        assertThat(fx.events).noneMatch(e -> e.contains(":failed:"));
    }

    /** Dispatches frames as a publisher would, on the stream's loop. */
    private void dispatch(EngineFixture.Publisher pub, List<FlvClip.Frame> frames) throws Exception {
        for (FlvClip.Frame f : frames) {
            MediaPacket p = f.packet(0);
            fx.loop.submit(() -> {
                try {
                    pub.stream.dispatch(p);
                } finally {
                    p.release();
                }
            }).sync();
        }
    }

    @Test
    void audioCodecChangeAacToMp3AndBackSplitsFlvAndMp4() throws Exception {
        startTask("t-change", "change", 45, 1800, RecordFormat.FLV, RecordFormat.MP4);
        var pub = publisher("change", 10);
        FlvClip.Frame aacHeader = h264Aac.headers().stream().filter(f -> f.codec() == Codec.AAC).findFirst().orElseThrow();
        List<FlvClip.Frame> frames = new ArrayList<>(h264Aac.headers());
        for (FlvClip.Frame f : h264Aac.media()) {
            if (f.dts() >= 12_000) continue;
            if (f.codec() == Codec.H264 || f.dts() < 4000 || f.dts() >= 8000) frames.add(f);
        }
        for (FlvClip.Frame f : h264Mp3.media()) {
            if (f.codec() == Codec.MP3 && f.dts() >= 4000 && f.dts() < 8000) frames.add(f);
        }
        frames.add(new FlvClip.Frame(Codec.AAC, 8000, 8000, false, true, aacHeader.payload()));
        frames.sort(java.util.Comparator.comparing((FlvClip.Frame f) -> f.dts() > 0 || !f.header())
                .thenComparingLong(FlvClip.Frame::dts).thenComparing(f -> !f.header()));
        dispatch(pub, frames.subList(0, 20));
        awaitActive(RecordFormat.FLV, RecordFormat.MP4);
        dispatch(pub, frames.subList(20, frames.size()));
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-change").size() == 6);
        for (RecordFormat format : List.of(RecordFormat.FLV, RecordFormat.MP4)) {
            List<FinishedRecording> files = fx.store.of("t-change").stream().filter(r -> r.format() == format).toList();
            assertThat(files).extracting(FinishedRecording::splitReason)
                    .containsExactly("codec_change", "codec_change", "stream_end");
            assertThat(files).extracting(FinishedRecording::audioCodec).containsExactly("aac", "mp3", "aac");
            double total = 0;
            for (FinishedRecording r : files) {
                var probe = MediaCheck.assertPlayable(r.files().get(0));
                assertThat(probe.audioCodec()).isEqualTo(r.audioCodec());
                assertThat(probe.firstFrameKey()).isTrue();
                total += probe.duration();
            }
            // each new file starts at the keyframe after the change: at most a GOP lost per change
            assertThat(total).as(format.name()).isBetween(12.0 - 2 - 0.2, 12.0 + 0.2);
        }
    }

    @Test
    void anMp3RateOrChannelChangeSplitsMp3AndMp4() throws Exception {
        FlvClip mono22k = FlvClip.mp3Only(media, 4, 22_050, 1); // MPEG-2 layer III, 576-sample frames
        startTask("t-rate", "rate", 49, 1800, RecordFormat.MP3, RecordFormat.MP4);
        var pub = publisher("rate", 2);
        List<FlvClip.Frame> frames = new ArrayList<>();
        for (FlvClip.Frame f : mp3Only.media()) if (f.dts() < 3000) frames.add(f);
        for (FlvClip.Frame f : mono22k.media()) {
            frames.add(new FlvClip.Frame(f.codec(), f.dts() + 3000, f.pts() + 3000, false, false, f.payload()));
        }
        dispatch(pub, frames.subList(0, 20));
        awaitActive(RecordFormat.MP3, RecordFormat.MP4);
        dispatch(pub, frames.subList(20, frames.size()));
        pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.store.of("t-rate").size() == 4);
        for (RecordFormat format : List.of(RecordFormat.MP3, RecordFormat.MP4)) {
            List<FinishedRecording> files = fx.store.of("t-rate").stream().filter(r -> r.format() == format).toList();
            assertThat(files).extracting(FinishedRecording::splitReason).containsExactly("codec_change", "stream_end");
            // a file keeps one rate: the MP4 timescale and the frame durations stay right
            assertThat(MediaCheck.assertPlayable(files.get(0).files().get(0)).duration()).as(format.name())
                    .isCloseTo(3.0, within(0.1));
            assertThat(MediaCheck.assertPlayable(files.get(1).files().get(0)).duration()).as(format.name())
                    .isCloseTo(4.0, within(0.1));
        }
    }

    @Test
    void anAudioOnlyFormatRefusesTheOtherCodecOnceAndRecordsNothing() throws Exception {
        startTask("t-aac-as-mp3", "aacstream", 46, 1800, RecordFormat.MP3, RecordFormat.FLV);
        startTask("t-mp3-as-aac", "mp3stream", 47, 1800, RecordFormat.AAC);
        var aacPub = publisher("aacstream", 10);
        var mp3Pub = publisher("mp3stream", 2);
        aacPub.push(h264Aac, 0, 500, 0, 0);
        mp3Pub.push(mp3Only, 0, 500, 0, 0);
        awaitActive(RecordFormat.MP3, RecordFormat.FLV, RecordFormat.AAC);
        aacPub.push(h264Aac, 500, 3000, 0, 2); // 1.25 s: several re-reads of the plan (every 200 ms)
        mp3Pub.push(mp3Only, 500, 3000, 0, 0);
        assertThat(fx.events.stream().filter(e -> e.startsWith("t-aac-as-mp3:failed:")))
                .containsExactly("t-aac-as-mp3:failed:audio codec aac cannot be recorded as mp3 without transcoding");
        assertThat(fx.events.stream().filter(e -> e.startsWith("t-mp3-as-aac:failed:")))
                .containsExactly("t-mp3-as-aac:failed:audio codec mp3 cannot be recorded as aac without transcoding");
        assertThat(fx.metrics.failedCount()).isZero(); // not an I/O failure
        aacPub.end();
        mp3Pub.end();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.ctx.journal().list("node-a").isEmpty()
                && fx.store.of("t-aac-as-mp3").size() == 1);
        assertThat(fx.store.of("t-aac-as-mp3")).extracting(FinishedRecording::format).containsExactly(RecordFormat.FLV);
        assertThat(fx.store.of("t-mp3-as-aac")).isEmpty();
        assertThat(fx.events).contains("t-mp3-as-aac:ended:stream_end");
    }

    @Test
    void anMp3PartLeftByACrashIsCutToWholeFramesAndCommittedAsRecovered(@TempDir Path crashDir) throws Exception {
        var db = dev.liverec.db.Database.open(EngineFixture.memDb(), crashDir);
        var store = new CollectingStore(crashDir);
        var a = new EngineFixture(crashDir, OutputFormats.available(), db, store);
        Map<RecordFormat, RecordParam> p = new EnumMap<>(RecordFormat.class);
        for (RecordFormat x : RecordFormat.values()) p.put(x, RecordParam.disabled());
        p.put(RecordFormat.MP3, param(1800));
        a.plan.templates.put(48L, new RecordTemplate(48, EngineFixture.ACCOUNT, "c", "", p, 0, 0, null, null, null));
        Instant now = a.clock.instant();
        a.plan.create(a.task("t-crash", key("crash"), now.minusSeconds(1), now.plusSeconds(600), 48));
        var pub = a.new Publisher(key("crash"));
        pub.push(mp3Only, 0, 500, 0, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.metrics.active(RecordFormat.MP3) == 1);
        pub.push(mp3Only, 500, 3600, 0, 0);
        Path[] found = new Path[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (var s = Files.walk(crashDir.resolve("work"))) {
                found[0] = s.filter(f -> f.getFileName().toString().endsWith(".part.mp3")).findFirst().orElse(null);
            }
            return found[0] != null && Files.size(found[0]) > 16_000; // flushed once a second of media
        });
        Path part = found[0];
        a.crash();
        long whole = Mp3Recovery.scan(part).wholeFrameBytes();
        assertThat(whole).isEqualTo(Files.size(part));
        byte[] torn = java.util.Arrays.copyOf(Files.readAllBytes(part), 100); // a frame header and part of its body
        Files.write(part, torn, StandardOpenOption.APPEND);

        var b = new EngineFixture(crashDir, OutputFormats.available(), db, store);
        b.plan.tasks.putAll(a.plan.tasks);
        b.plan.templates.putAll(a.plan.templates);
        assertThat(b.ctx.orphanRecovery(b.plan).run()).isEqualTo(1);
        FinishedRecording r = store.committed.get(0);
        assertThat(r.recovered()).isTrue();
        assertThat(r.splitReason()).isEqualTo("recovered");
        assertThat(r.name()).endsWith("-recovered");
        Path f = r.files().get(0);
        assertThat(f.getFileName().toString()).endsWith("-recovered.mp3");
        assertThat(Files.size(f)).isEqualTo(whole);
        var probe = MediaCheck.assertPlayable(f);
        assertThat(probe.audioCodec()).isEqualTo("mp3");
        assertThat(List.of(String.valueOf(r.videoCodec()), r.audioCodec(), r.width(), r.height()))
                .as("read back from the recovered file").containsExactly("null", "mp3", 0, 0);
        assertThat(r.durationMillis()).isBetween(1500L, 3700L);
        assertThat(probe.duration()).isCloseTo(r.durationMillis() / 1000.0, within(0.1));
        assertThat(b.ctx.journal().list("node-a")).isEmpty();
        b.close();
    }
}
