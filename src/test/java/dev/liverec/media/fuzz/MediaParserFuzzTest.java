package dev.liverec.media.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.liverec.fuzz.FuzzCorpus;
import org.junit.jupiter.api.Tag;

/**
 * Jazzer fuzz tests of the readers of crash-left and foreign media files (tag "fuzz": excluded from the default
 * run). Fuzz one at a time: {@code JAZZER_FUZZ=1 mvn -o -Pfuzz test -Dtest='MediaParserFuzzTest#flvRepair'}. Seeds
 * (tiny files cut from lavfi clips, plus truncated and garbled variants) and kept findings live in
 * {@code src/test/resources/dev/liverec/media/fuzz/MediaParserFuzzTestInputs/<method>/}; the default run replays
 * them through {@link MediaCorpusReplayTest}.
 */
@Tag("fuzz")
class MediaParserFuzzTest {
    static {
        FuzzCorpus.quietLeakDetectionWhenFuzzing();
    }

    @FuzzTest(maxDuration = "30s")
    void flvReader(byte[] data) {
        MediaFuzzTargets.flvReader(data);
    }

    @FuzzTest(maxDuration = "30s")
    void flvRepair(byte[] data) {
        MediaFuzzTargets.flvRepair(data);
    }

    @FuzzTest(maxDuration = "30s")
    void tsRecovery(byte[] data) {
        MediaFuzzTargets.tsRecovery(data);
    }

    @FuzzTest(maxDuration = "30s")
    void mp4Finalizer(byte[] data) {
        MediaFuzzTargets.mp4Finalizer(data);
    }

    @FuzzTest(maxDuration = "30s")
    void probe(byte[] data) {
        MediaFuzzTargets.probe(data);
    }

    @FuzzTest(maxDuration = "30s")
    void adtsFrames(byte[] data) {
        MediaFuzzTargets.adtsFrames(data);
    }

    @FuzzTest(maxDuration = "30s")
    void mp3Frames(byte[] data) {
        MediaFuzzTargets.mp3Frames(data);
    }

    @FuzzTest(maxDuration = "30s")
    void hlsPlaylist(byte[] data) {
        MediaFuzzTargets.hlsPlaylist(data);
    }

    @FuzzTest(maxDuration = "30s")
    void tsDemuxer(byte[] data) {
        MediaFuzzTargets.tsDemuxer(data);
    }

    @FuzzTest(maxDuration = "30s")
    void mp4Demuxer(byte[] data) {
        MediaFuzzTargets.mp4Demuxer(data);
    }
}
