package dev.liverec.rtmp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.liverec.fuzz.FuzzCorpus;
import org.junit.jupiter.api.Tag;

/**
 * Jazzer fuzz tests (tag "fuzz": excluded from the default run). Fuzz one at a time:
 * {@code JAZZER_FUZZ=1 mvn -o -Pfuzz test -Dtest='RtmpDecoderFuzzTest#chunkStream'}. Seeds and kept findings live in
 * {@code src/test/resources/dev/liverec/rtmp/fuzz/RtmpDecoderFuzzTestInputs/<method>/}; the default run replays
 * them through {@link FuzzCorpusReplayTest}.
 */
@Tag("fuzz")
class RtmpDecoderFuzzTest {
    static {
        FuzzCorpus.quietLeakDetectionWhenFuzzing();
    }

    @FuzzTest(maxDuration = "2m")
    void handshake(byte[] data) {
        FuzzTargets.handshake(data);
    }

    @FuzzTest(maxDuration = "2m")
    void chunkStream(byte[] data) {
        FuzzTargets.chunkStream(data);
    }

    @FuzzTest(maxDuration = "2m")
    void amf0(byte[] data) {
        FuzzTargets.amf0(data);
    }
}
