package dev.liverec.media.fuzz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The media fuzz corpus kept in the repository (seeds and findings), replayed as regression tests in the default run. */
class MediaCorpusReplayTest {
    private static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "flvReader", MediaFuzzTargets::flvReader,
            "flvRepair", MediaFuzzTargets::flvRepair,
            "tsRecovery", MediaFuzzTargets::tsRecovery,
            "mp4Finalizer", MediaFuzzTargets::mp4Finalizer,
            "probe", MediaFuzzTargets::probe,
            "adtsFrames", MediaFuzzTargets::adtsFrames,
            "mp3Frames", MediaFuzzTargets::mp3Frames,
            "hlsPlaylist", MediaFuzzTargets::hlsPlaylist);

    static Stream<Arguments> inputs() throws IOException, URISyntaxException {
        Path root = Path.of(MediaCorpusReplayTest.class.getResource("MediaParserFuzzTestInputs").toURI());
        List<Arguments> all = new ArrayList<>();
        for (String target : TARGETS.keySet().stream().sorted().toList()) {
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
        TARGETS.get(target).accept(Files.readAllBytes(file));
    }
}
