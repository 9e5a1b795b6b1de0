package dev.liverec.clip;

import dev.liverec.config.DbConfig;
import dev.liverec.config.StorageConfig;
import dev.liverec.control.RecordFormat;
import dev.liverec.db.Database;
import dev.liverec.media.TestMedia;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.LocalStore;
import dev.liverec.storage.RecordFile;
import dev.liverec.storage.RecordFileIndex;
import dev.liverec.storage.RecordingArchive;
import dev.liverec.storage.RecordingStore;
import dev.liverec.stream.StreamKey;
import dev.liverec.storage.S3ProxyServer;
import dev.liverec.storage.S3Store;
import dev.liverec.storage.StorageFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RecordClipper} over a real archive (H2, local store) and a 5-minute FLV recording made by ffmpeg (2 s GOP):
 * a media-time clip starts on the keyframe at or before its start and ends at its end; the whole file remuxes in
 * well under the media's duration (the time is logged: a figure for docs); a clip is not a clip source; a source
 * only in S3 is downloaded and the clip goes to the upload spool like a recording; an HLS recording whose segments
 * ffmpeg wrote (foreign TS) and that is only in S3 is read segment by segment.
 */
class RecordClipperTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordClipperTest.class);
    private static final int SECONDS = 300;

    @TempDir
    Path tmp;
    Database db;
    RecordFileIndex index;
    RecordClipper clipper;
    RecordingArchive archive;
    LocalStore local;
    RecordFile source;

    @BeforeEach
    void setUp() throws Exception {
        DbConfig dbc = new DbConfig();
        dbc.url = "jdbc:h2:mem:clip" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        db = Database.open(dbc, tmp);
        index = new RecordFileIndex(db.jdbi());
        local = new LocalStore(tmp.resolve("records"), 0);
        archive = new RecordingArchive(tmp.resolve("recording"), local, null, index, (h, f, r) -> {},
                Clock.systemUTC(), "n1", new SimpleMeterRegistry());
        clipper = new RecordClipper(index, archive, Map.of(local.kind(), local), null, 1, new SimpleMeterRegistry());
        Path work = Files.createDirectories(archive.workDir(1, StorageFixtures.STREAM, "rec1"));
        Path flv = Files.copy(Ffmpeg.clip("av-nobf", SECONDS), work.resolve("src.flv"));
        Instant start = Instant.parse("2026-11-25T10:00:00.250Z");
        archive.commit(new FinishedRecording("rec1", 1, 1, "task1", StorageFixtures.STREAM, RecordFormat.FLV, "src",
                List.of(flv), start, start, start.plusSeconds(SECONDS), SECONDS * 1000L, Files.size(flv), "h264", "aac",
                320, 240, 0, "stream_end", start, false));
        source = index.jdbi().withHandle(h -> index.byRecording(h, "rec1", "src")).orElseThrow();
    }

    private static StorageConfig s3Config(S3ProxyServer s3) {
        StorageConfig sc = new StorageConfig();
        sc.type = "s3";
        sc.s3Endpoint = s3.endpoint();
        sc.s3Bucket = "records";
        sc.s3AccessKey = S3ProxyServer.ACCESS;
        sc.s3SecretKey = S3ProxyServer.SECRET;
        return sc;
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void mediaTimeClipStartsOnTheKeyframeAtOrBeforeItsStart() throws Exception {
        RecordFile clip = clipper.clip(ClipRequest.ofFile(1, source.fileId(), 61_000, 121_000));
        Path mp4 = tmp.resolve("records").resolve(clip.key(clip.mainEntry()));
        double d = StorageFixtures.probeDuration(mp4.toString());
        assertThat(d).isBetween(60.5, 61.5); // keyframe at 60 s (2 s GOP) to 121 s
        List<Ffmpeg.Packet> packets = Ffmpeg.probePackets(mp4);
        assertThat(packets.stream().filter(p -> p.type().equals("video")).findFirst().orElseThrow().key()).isTrue();
        assertThat(clip.start().toEpochMilli() - source.start().toEpochMilli()).isBetween(60_000L, 60_100L); // ffmpeg's audio leads by a frame
        assertThat(clip.splitReason()).isEqualTo("clip");
        assertThatThrownBy(() -> clipper.clip(ClipRequest.ofFile(1, clip.fileId(), 0, 1000)))
                .isInstanceOfSatisfying(ClipFailure.class, f -> assertThat(f.reason()).isEqualTo(ClipFailure.Reason.UNSUPPORTED_SOURCE));
        assertThatThrownBy(() -> clipper.clip(ClipRequest.ofFile(2, source.fileId(), 0, 1000)))
                .isInstanceOfSatisfying(ClipFailure.class, f -> assertThat(f.reason()).isEqualTo(ClipFailure.Reason.FILE_NOT_FOUND));
    }

    @Test
    void sourceInS3IsDownloadedAndTheClipIsSpooled() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.start();
            try (S3Store remote = new S3Store(s3Config(s3), Clock.systemUTC())) {
                remote.ensureBucket();
                LocalStore spool = new LocalStore(tmp.resolve("spool"), 0);
                Path stored = tmp.resolve("records").resolve(source.key(source.mainEntry()));
                remote.put(source.key(source.mainEntry()), stored);
                index.markStored(source.fileId(), remote.kind());
                Files.delete(stored); // only in S3 now
                RecordingArchive s3Archive = new RecordingArchive(tmp.resolve("recording"), remote, spool, index,
                        (h, f, r) -> {}, Clock.systemUTC(), "n1", new SimpleMeterRegistry());
                RecordClipper viaS3 = new RecordClipper(index, s3Archive, Map.of(remote.kind(), remote), spool, 1,
                        new SimpleMeterRegistry());
                RecordFile clip = viaS3.clip(ClipRequest.ofFile(1, source.fileId(), 11_000, 20_000));
                assertThat(clip.status()).isEqualTo(RecordFile.SPOOLED);
                assertThat(clip.store()).isEqualTo(remote.kind());
                Path mp4 = spool.localPath(clip.key(clip.mainEntry())).orElseThrow();
                assertThat(StorageFixtures.probeDuration(mp4.toString())).isBetween(9.5, 10.5); // from the keyframe at 10 s
                try (var left = Files.walk(tmp.resolve("recording"))) {
                    assertThat(left.filter(Files::isRegularFile).toList()).as("work files left").isEmpty();
                }
            }
        }
    }

    @Test
    void hlsSourceWrittenByFfmpegAndOnlyInS3IsDownloadedSegmentBySegment() throws Exception {
        Path work = Files.createDirectories(archive.workDir(1, StorageFixtures.STREAM, "rec2"));
        Path m3u8 = work.resolve("ff.m3u8");
        Process ff = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", Ffmpeg.clip("av-nobf", 30).toString(),
                "-c", "copy", "-f", "hls", "-hls_time", "4", "-hls_list_size", "0", "-hls_segment_filename",
                work.resolve("seg%d.ts").toString(), m3u8.toString()).redirectErrorStream(true).start();
        String errors = new String(ff.getInputStream().readAllBytes());
        assertThat(ff.waitFor(60, TimeUnit.SECONDS) && ff.exitValue() == 0).as(errors).isTrue();
        HlsPlaylist playlist = new HlsPlaylist(5); // ours: what the archive stores for an HLS recording
        List<Path> files = new java.util.ArrayList<>(List.of(m3u8));
        long total = 0, extinf = 0;
        for (String line : Files.readAllLines(m3u8)) {
            if (line.startsWith("#EXTINF:")) extinf = Math.round(Double.parseDouble(line.substring(8, line.indexOf(','))) * 1000);
            else if (!line.startsWith("#") && !line.isBlank()) {
                playlist.add(new HlsPlaylist.Segment(line, extinf, null, false));
                files.add(work.resolve(line));
                total += extinf;
            }
        }
        playlist.end();
        Files.writeString(m3u8, playlist.render());
        assertThat(files).hasSizeGreaterThan(3);
        Instant start = source.start().plusSeconds(SECONDS + 60);
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.start();
            try (S3Store remote = new S3Store(s3Config(s3), Clock.systemUTC())) {
                remote.ensureBucket();
                archive.commit(new FinishedRecording("rec2", 1, 1, "task1", StorageFixtures.STREAM, RecordFormat.HLS,
                        "hls", files, start, start, start.plusMillis(total), total, 0, "h264", "aac", 320, 240, 0,
                        "stream_end", start, false));
                RecordFile hls = index.jdbi().withHandle(h -> index.byRecording(h, "rec2", "hls")).orElseThrow();
                for (String entry : hls.entries()) { // only in S3 now
                    Path stored = tmp.resolve("records").resolve(hls.key(entry));
                    remote.put(hls.key(entry), stored);
                    Files.delete(stored);
                }
                index.markStored(hls.fileId(), remote.kind());
                LocalStore spool = new LocalStore(tmp.resolve("spool"), 0);
                RecordingArchive s3Archive = new RecordingArchive(tmp.resolve("recording"), remote, spool, index,
                        (h, f, r) -> {}, Clock.systemUTC(), "n1", new SimpleMeterRegistry());
                RecordClipper viaS3 = new RecordClipper(index, s3Archive, Map.of(remote.kind(), remote), spool, 1,
                        new SimpleMeterRegistry());
                RecordFile clip = viaS3.clip(ClipRequest.ofFile(1, hls.fileId(), 11_000, 25_000));
                Path mp4 = spool.localPath(clip.key(clip.mainEntry())).orElseThrow();
                assertThat(StorageFixtures.probeDuration(mp4.toString())).isBetween(14.5, 15.5); // from the keyframe at 10 s
                assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
                try (var left = Files.walk(tmp.resolve("recording"))) {
                    assertThat(left.filter(Files::isRegularFile).toList()).as("work files left").isEmpty();
                }
            }
        }
    }

    @Test
    void aClipOverTheConcurrencyLimitIsRefusedNotQueued() throws Exception {
        CountDownLatch committing = new CountDownLatch(1), release = new CountDownLatch(1);
        RecordingStore slow = new RecordingStore() {
            @Override
            public Path workDir(long accountId, StreamKey stream, String recordingId) throws IOException {
                return archive.workDir(accountId, stream, recordingId);
            }

            @Override
            public void commit(FinishedRecording r) throws IOException {
                committing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                archive.commit(r);
            }
        };
        RecordClipper one = new RecordClipper(index, slow, Map.of(local.kind(), local), null, 1, new SimpleMeterRegistry());
        CompletableFuture<RecordFile> first = CompletableFuture.supplyAsync(() -> {
            try {
                return one.clip(ClipRequest.ofFile(1, source.fileId(), 0, 5000));
            } catch (ClipFailure e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(committing.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> one.clip(ClipRequest.ofFile(1, source.fileId(), 0, 5000)))
                .isInstanceOfSatisfying(ClipFailure.class, f -> assertThat(f.reason()).isEqualTo(ClipFailure.Reason.BUSY));
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).durationMillis()).isBetween(4000L, 5100L);
        assertThat(one.clip(ClipRequest.ofFile(1, source.fileId(), 0, 5000))).isNotNull(); // the slot is free again
    }

    @Test
    void wholeRecordingRemuxesFast() throws Exception {
        long t0 = System.nanoTime();
        RecordFile clip = clipper.clip(ClipRequest.ofStream(1, StorageFixtures.STREAM, source.start(),
                source.start().plusSeconds(SECONDS)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("clip of {} s of media ({} bytes of FLV -> {} bytes of MP4) made in {} ms", clip.durationMillis() / 1000,
                source.sizeBytes(), clip.sizeBytes(), ms);
        assertThat(clip.durationMillis()).isBetween(SECONDS * 1000L - 1000, SECONDS * 1000L + 100);
        assertThat(ms).isLessThan(SECONDS * 1000L / 4);
    }
}
