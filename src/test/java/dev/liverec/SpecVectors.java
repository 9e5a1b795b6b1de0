package dev.liverec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The signing vectors of the Tencent Cloud spec (TC3, v1, push auth, callback sign), our copy on the test class
 * path ({@code src/test/resources/spec/vectors.json}): facts the signers must reproduce byte for byte.
 */
public final class SpecVectors {
    private static final String RESOURCE = "/spec/vectors.json";

    private SpecVectors() {}

    public static JsonNode all() {
        try (InputStream in = SpecVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test class path");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file itself, for tools outside the JVM (the console's signer under Node). */
    public static Path file() {
        URL url = SpecVectors.class.getResource(RESOURCE);
        if (url == null) throw new IllegalStateException(RESOURCE + " is not on the test class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
