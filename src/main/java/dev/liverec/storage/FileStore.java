package dev.liverec.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where finished files end up: a local directory or an object-store bucket, addressed by '/'-separated keys built
 * by {@link ObjectKeyLayout}. Every method may block.
 */
public interface FileStore extends StorageHealth {
    /** "local" or "s3": recorded in the files table so a row can be found again after a configuration change. */
    String kind();

    /** Stores a copy of {@code source} under {@code key}, durably when it returns; the source stays in place. */
    void put(String key, Path source) throws IOException;

    /** Size of the object in bytes; {@link java.nio.file.NoSuchFileException} when absent. */
    long size(String key) throws IOException;

    /** The bytes [offset, offset + length) of an object. */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Removes an object; absent objects are not an error. */
    void delete(String key) throws IOException;

    /** The object as a local file, when the store keeps it on this node's disk (served with zero copy). */
    Optional<Path> localPath(String key);
}
