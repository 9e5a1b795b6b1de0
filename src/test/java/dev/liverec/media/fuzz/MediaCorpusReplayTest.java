package dev.liverec.media.fuzz;

import dev.liverec.fuzz.FuzzCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
        return FuzzCorpus.inputs(MediaParserFuzzTest.class, TARGETS.keySet().stream().sorted().toList());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("inputs")
    void replay(String target, String name, Path file) throws IOException {
        TARGETS.get(target).accept(Files.readAllBytes(file));
    }
}
