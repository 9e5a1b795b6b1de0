package dev.liverec.record.takeover;

import dev.liverec.storage.ObjectBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The work files of recordings in progress, as objects in the shared bucket: {@code recording-work/<recordingId>/<name>}
 * for whole files (HLS segments and playlist), {@code .../<name>/<offset>} for the appended pieces of a single file
 * being written (FLV, MP4 fragments, AAC, MP3), concatenated again by {@link #restore}. Blocking.
 */
public final class StoredWork {
    private static final Logger LOG = LoggerFactory.getLogger(StoredWork.class);
    static final String ROOT = "recording-work/";

    private final ObjectBucket bucket;

    public StoredWork(ObjectBucket bucket) {
        this.bucket = bucket;
    }

    static String prefix(String recordingId) {
        return ROOT + recordingId + "/";
    }

    String putFile(String recordingId, String name, byte[] bytes) throws IOException {
        String key = prefix(recordingId) + name;
        bucket.putBytes(key, bytes);
        return key;
    }

    /** The bytes of file {@code name} from {@code offset} on; zero-padded offsets sort as numbers. */
    String putPiece(String recordingId, String name, long offset, byte[] bytes) throws IOException {
        String key = prefix(recordingId) + name + "/" + String.format("%016d", offset);
        bucket.putBytes(key, bytes);
        return key;
    }

    void delete(Collection<String> keys) throws IOException {
        for (String k : keys) bucket.delete(k);
    }

    /** Removes everything stored for a recording (it is committed). */
    public void purge(String recordingId) throws IOException {
        delete(bucket.list(prefix(recordingId)));
    }

    /**
     * Rebuilds the work directory {@code dir} of a recording from the bucket (pieces of a file concatenated up to
     * the first gap), atomically: a directory half restored is never seen under {@code dir}.
     *
     * @return how many files it restored (0: nothing was stored, {@code dir} not created)
     */
    public int restore(String recordingId, Path dir) throws IOException {
        String prefix = prefix(recordingId);
        Map<String, Long> lengths = new HashMap<>();
        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".restore");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        for (String key : bucket.list(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            if (name.isEmpty() || name.startsWith(".") || name.contains("..")) continue;
            Path file = tmp.resolve(name);
            if (slash < 0) {
                Files.write(file, bucket.read(key));
                lengths.put(name, Files.size(file));
                continue;
            }
            long offset = Long.parseLong(rest.substring(slash + 1));
            long have = lengths.getOrDefault(name, 0L);
            if (have < 0) continue; // after a gap
            if (offset != have) {
                LOG.warn("stored work of {}: {} has a gap at {} (have {}); keeping the first {} bytes", recordingId,
                        name, offset, have, have);
                lengths.put(name, -1L);
                continue;
            }
            byte[] piece = bucket.read(key);
            try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND)) {
                out.write(piece);
            }
            lengths.put(name, have + piece.length);
        }
        if (lengths.isEmpty()) {
            deleteTree(tmp);
            return 0;
        }
        Files.createDirectories(dir.getParent());
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return lengths.size();
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
