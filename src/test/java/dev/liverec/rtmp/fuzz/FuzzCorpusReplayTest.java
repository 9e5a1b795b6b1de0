package dev.liverec.rtmp.fuzz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The fuzz corpus kept in the repository, replayed as ordinary regression tests in the default run. */
class FuzzCorpusReplayTest {
    static Stream<Arguments> inputs() throws IOException, URISyntaxException {
        Path root = Path.of(FuzzCorpusReplayTest.class.getResource("RtmpDecoderFuzzTestInputs").toURI());
        List<Arguments> all = new java.util.ArrayList<>();
        for (String target : List.of("handshake", "chunkStream", "amf0")) {
            try (Stream<Path> files = Files.list(root.resolve(target))) {
                List<Path> list = files.sorted().toList();
                assertThat(list).as("corpus for " + target).isNotEmpty();
                for (Path f : list) all.add(Arguments.of(target, f.getFileName().toString(), f));
            }
        }
        return all.stream();
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
