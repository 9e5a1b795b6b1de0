package dev.liverec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone works by itself: no file of the repository (build, tests, docs, scripts, launcher) names a path outside
 * it — the reference folder beside the development checkout (a sibling named {@code shared}) or the development machine's
 * absolute paths. {@code .ci/run} proves the same by running the suite in a copy with nothing beside it.
 */
class RepositoryStandsAloneTest {
    /** Outside paths; this file defines them and is the one file not checked. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared\\b|(?<![\\w.-])shared/(spec|bench|research|DESIGN)|/work/|liverec\\.shared\\.dir|LIVEREC_SHARED_DIR");
    private static final Path SELF = Path.of("src/test/java/dev/liverec/RepositoryStandsAloneTest.java");
    /** Not part of the repository when there is no git to ask (a copy of the tracked files, as .ci/run makes). */
    private static final Set<String> UNTRACKED = Set.of(".git", "target", "node_modules", "data", "test-artifacts",
            ".cifuzz-corpus");

    @Test
    void noTrackedFileNamesAPathOutsideTheRepository() throws Exception {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        List<Path> files = trackedFiles(root);
        assertThat(files).as("the repository's files").hasSizeGreaterThan(100).contains(Path.of("pom.xml"));
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            if (f.equals(SELF)) continue;
            String text = text(root.resolve(f));
            if (text == null) continue;
            Matcher m = OUTSIDE.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                found.add(f + ":" + line + ": " + m.group());
            }
        }
        assertThat(found).as("paths outside the repository").isEmpty();
    }

    @Test
    void thePatternCatchesWhatItIsFor() {
        String up = ".."; // spelled apart so that no tracked file, this one included, holds the outside path itself
        for (String s : List.of("Path.of(\"" + up + "/shared\")", "see `" + up + "/shared/DESIGN.md`", "/work/shared/spec/vectors.json",
                "`shared/spec/tencent-live-record-api.md`", "-Dliverec.shared.dir=x", "$LIVEREC_SHARED_DIR")) {
            assertThat(OUTSIDE.matcher(s).find()).as(s).isTrue();
        }
        for (String s : List.of("shared cores", "src/test/resources/spec/vectors.json", "ControlPlaneFixture.shared(",
                "one shared database", "SHARED_OBJECT_AMF0")) {
            assertThat(OUTSIDE.matcher(s).find()).as(s).isFalse();
        }
    }

    /** {@code git ls-files} in a checkout; in a plain copy, every file but build output and local data. */
    private static List<Path> trackedFiles(Path root) throws IOException, InterruptedException {
        if (Files.exists(root.resolve(".git"))) {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Stream.of(out.split("\0")).filter(s -> !s.isEmpty()).map(Path::of)
                        .filter(f -> Files.isRegularFile(root.resolve(f))).toList();
            }
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize)
                    .filter(f -> !UNTRACKED.contains(f.getName(0).toString()))
                    .filter(f -> !f.toString().endsWith(".log")).toList();
        }
    }

    /** The file as UTF-8 text, or null for a binary file. */
    private static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) if (b == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
