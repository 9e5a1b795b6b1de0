package dev.liverec.arch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout as a rule: no package cycle, and the core never reaches into the outer ring ({@code api}, {@code app})
 * or the command line. Prints the whole package graph when it fails ({@code scripts/package-graph.sh} prints it too).
 */
class PackageLayoutTest {
    /** The outer ring and the command line; everything else is core. */
    private static final Set<String> OUTER = Set.of("dev.liverec.api", "dev.liverec.app", "dev.liverec.cli");
    private static final PackageGraph GRAPH = PackageGraph.of(Path.of("src/main/java"));

    @Test
    void noPackageCycle() {
        assertThat(GRAPH.cycles()).as("package cycles in\n%s", GRAPH.render()).isEmpty();
    }

    @Test
    void coreNeverImportsTheOuterRing() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : GRAPH.edges().entrySet()) {
            if (isOuter(e.getKey()) || e.getKey().equals("dev.liverec")) continue;
            for (String to : e.getValue()) {
                if (isOuter(to)) wrong.add(e.getKey() + " -> " + to);
            }
        }
        assertThat(wrong).as("core packages importing api/app/cli in\n%s", GRAPH.render()).isEmpty();
    }

    @Test
    void theScannerSeesTheLayout() {
        assertThat(GRAPH.edges()).containsKeys("dev.liverec.app", "dev.liverec.api", "dev.liverec.control");
        assertThat(GRAPH.edges().get("dev.liverec.app")).contains("dev.liverec.api", "dev.liverec.control");
    }

    private static boolean isOuter(String pkg) {
        return OUTER.stream().anyMatch(o -> pkg.equals(o) || pkg.startsWith(o + "."));
    }
}
