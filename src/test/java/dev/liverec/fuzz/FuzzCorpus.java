package dev.liverec.fuzz;

import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Jazzer fuzz tests share: the corpus kept in the repository ({@code <FuzzTestClass>Inputs/<method>/} next
 * to the class, seeds and findings), replayed as regression tests in the default run, and the fuzzing-mode setup.
 */
public final class FuzzCorpus {
    private FuzzCorpus() {}

    /** (target, file name, file) for every corpus file of {@code targets}; each target must have at least one. */
    public static Stream<Arguments> inputs(Class<?> fuzzTest, Collection<String> targets) throws IOException, URISyntaxException {
        Path root = Path.of(fuzzTest.getResource(fuzzTest.getSimpleName() + "Inputs").toURI());
        List<Arguments> all = new ArrayList<>();
        for (String target : targets) {
            try (Stream<Path> files = Files.list(root.resolve(target))) {
                List<Path> list = files.sorted().toList();
                assertThat(list).as("corpus for " + target).isNotEmpty();
                for (Path f : list) all.add(Arguments.of(target, f.getFileName().toString(), f));
            }
        }
        return all.stream();
    }

    /** In fuzzing mode: PARANOID leak tracking (a stack trace per buffer access) would cut throughput ~50x. */
    public static void quietLeakDetectionWhenFuzzing() {
        if (System.getenv("JAZZER_FUZZ") != null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }
}
