package dev.liverec.storage;

import java.io.IOException;
import java.util.List;

/**
 * Small objects by key in a bucket shared by every node: what the recording engine uploads while it records (HLS
 * segments, parts of single files) so another node can finish a recording whose node died. Every method may block.
 */
public interface ObjectBucket {
    /** Stores {@code bytes} under {@code key}, durably when it returns. */
    void putBytes(String key, byte[] bytes) throws IOException;

    /** Every key starting with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** The whole object. */
    byte[] read(String key) throws IOException;

    /** Removes an object; absent objects are not an error. */
    void delete(String key) throws IOException;
}
