package dev.liverec.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two H.264 + AAC sources the media tests read (720p30, GOP 2 s, ~2 Mbit/s; without and with B-frames), made
 * by the benchmarks' own recipe, {@code bench/make-media.sh}, cut to {@link #SECONDS} (the tests read at most the
 * first ~12 s). Made once into {@code target/test-media/<hash of recipe and length>/} and reused by every later test
 * JVM until the recipe changes; a file lock keeps two JVMs from making it at the same time.
 */
final class SourceMedia {
    static final int SECONDS = 20;
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final Path RECIPE = ROOT.resolve("bench/make-media.sh");
    private static Path dir;

    private SourceMedia() {}

    static Path noBFrames() { return file("src_nobf.flv"); }
    static Path withBFrames() { return file("src_bf.flv"); }

    private static Path file(String name) {
        Path f = made().resolve(name);
        if (!Files.isRegularFile(f)) throw new IllegalStateException(RECIPE + " did not write " + f);
        return f;
    }

    private static synchronized Path made() {
        if (dir != null) return dir;
        try {
            Path d = ROOT.resolve("target/test-media").resolve(key());
            Files.createDirectories(d);
            try (FileChannel lock = FileChannel.open(d.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lock.lock()) {
                if (!Files.exists(d.resolve("src_nobf.flv")) || !Files.exists(d.resolve("src_bf.flv"))) make(d);
            }
            dir = d;
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void make(Path d) throws IOException {
        Path log = d.resolve("make-media.log");
        Process p = new ProcessBuilder("bash", RECIPE.toString(), d.toString(), Integer.toString(SECONDS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("make-media.sh timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("make-media.sh exit " + p.exitValue() + ": " + Files.readString(log));
        }
    }

    /** The cache key: the recipe's bytes and the length asked for. */
    private static String key() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(RECIPE));
            sha.update(List.of("seconds", Integer.toString(SECONDS)).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
