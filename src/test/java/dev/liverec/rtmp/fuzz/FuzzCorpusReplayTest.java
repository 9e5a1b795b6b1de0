package dev.liverec.rtmp.fuzz;

import dev.liverec.fuzz.FuzzCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The fuzz corpus kept in the repository, replayed as ordinary regression tests in the default run. */
class FuzzCorpusReplayTest {
    static Stream<Arguments> inputs() throws IOException, URISyntaxException {
        return FuzzCorpus.inputs(RtmpDecoderFuzzTest.class, List.of("handshake", "chunkStream", "amf0"));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("inputs")
    void replay(String target, String name, Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        switch (target) {
            case "handshake" -> FuzzTargets.handshake(data);
            case "chunkStream" -> FuzzTargets.chunkStream(data);
            case "amf0" -> FuzzTargets.amf0(data);
            default -> throw new IllegalArgumentException(target);
        }
    }
}
