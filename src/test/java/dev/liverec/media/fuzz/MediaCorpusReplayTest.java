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
    private static final Map<String, Consumer<byte[]>> TARGETS = Map.ofEntries(
            Map.entry("flvReader", MediaFuzzTargets::flvReader),
            Map.entry("flvRepair", MediaFuzzTargets::flvRepair),
            Map.entry("tsRecovery", MediaFuzzTargets::tsRecovery),
            Map.entry("mp4Finalizer", MediaFuzzTargets::mp4Finalizer),
            Map.entry("probe", MediaFuzzTargets::probe),
            Map.entry("adtsFrames", MediaFuzzTargets::adtsFrames),
            Map.entry("mp3Frames", MediaFuzzTargets::mp3Frames),
            Map.entry("hlsPlaylist", MediaFuzzTargets::hlsPlaylist),
            Map.entry("tsDemuxer", MediaFuzzTargets::tsDemuxer),
            Map.entry("mp4Demuxer", MediaFuzzTargets::mp4Demuxer));

    static Stream<Arguments> inputs() throws IOException, URISyntaxException {
        return FuzzCorpus.inputs(MediaParserFuzzTest.class, TARGETS.keySet().stream().sorted().toList());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("inputs")
    void replay(String target, String name, Path file) throws IOException {
        TARGETS.get(target).accept(Files.readAllBytes(file));
    }
}
