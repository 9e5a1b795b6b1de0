package dev.liverec;

import dev.liverec.storage.SplitReason;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docs that cannot drift from the code: the split reasons table lists exactly {@link SplitReason}, and no document
 * keeps a placeholder (a bare CONSTANT_NAME line, TODO, FIXME, TBD). The metrics table is checked against a real
 * node by {@code web.MetricsUnderPushTest}; the README walkthrough is run by {@code ReadmeWalkthroughIT}.
 */
class DocsMatchCodeTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    @Test
    void everySplitReasonIsDocumentedAndNothingElse() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/api-compatibility.md"));
        int header = lines.indexOf("| Split reason | The file ended because |");
        assertThat(header).as("the split reasons table in docs/api-compatibility.md").isNotNegative();
        Set<String> documented = new LinkedHashSet<>();
        Pattern row = Pattern.compile("^\\| `([a-z_]+)` \\|");
        for (String line : lines.subList(header + 2, lines.size())) {
            Matcher m = row.matcher(line);
            if (!m.find()) break;
            documented.add(m.group(1));
        }
        assertThat(documented).containsExactlyElementsOf(Arrays.stream(SplitReason.values()).map(SplitReason::wire).toList());
    }

    @Test
    void noDocumentKeepsAPlaceholder() throws Exception {
        Pattern placeholder = Pattern.compile("^\\s*[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\\s*$|\\b(TODO|FIXME|TBD)\\b");
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> found = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (placeholder.matcher(lines.get(i)).find()) found.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + lines.get(i));
            }
        }
        assertThat(docs).hasSizeGreaterThan(3);
        assertThat(found).as("placeholders").isEmpty();
        assertThat(placeholder.matcher("SERIES_FROM_OTHER_MODULES").find()).isTrue();
    }
}
