package dev.liverec.clip;

import dev.liverec.control.RecordFormat;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.storage.FileStore;
import dev.liverec.storage.LocalStore;
import dev.liverec.storage.RecordFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The media files of a source recording on this node's disk, in play order: the file itself, or for HLS the
 * segments its playlist lists. Local files (the store's, or the upload spool's) are used in place; objects of a
 * remote store are downloaded into the clip's work directory, where {@link #isCopy} tells them apart.
 */
final class SourceFiles {
    private final Map<String, FileStore> stores;
    private final LocalStore spool;
    private final Path dir;

    SourceFiles(Map<String, FileStore> stores, LocalStore spool, Path dir) {
        this.stores = stores;
        this.spool = spool;
        this.dir = dir;
    }

    List<Path> of(RecordFile f) throws IOException {
        Path main = entry(f, f.mainEntry());
        if (f.format() != RecordFormat.HLS) return List.of(main);
        String text = Files.readString(main);
        if (isCopy(main)) Files.delete(main);
        List<Path> segments = new ArrayList<>();
        for (HlsPlaylist.Segment s : HlsPlaylist.parse(text).segments()) {
            String name = s.uri().substring(s.uri().lastIndexOf('/') + 1);
            if (!f.entries().contains(name)) throw new IOException("segment " + name + " not in " + f.fileId());
            segments.add(entry(f, name));
        }
        return segments;
    }

    /** Whether {@code p} is a downloaded copy (to delete once read), not the stored file. */
    boolean isCopy(Path p) {
        return p.startsWith(dir);
    }

    /** Deletes a downloaded copy once read (a mapping of it stays valid). */
    void readDone(Path p) throws IOException {
        if (isCopy(p)) Files.deleteIfExists(p);
    }

    private Path entry(RecordFile f, String entry) throws IOException {
        String key = f.key(entry);
        if (spool != null && RecordFile.SPOOLED.equals(f.status())) {
            var p = spool.localPath(key);
            if (p.isPresent() && Files.exists(p.get())) return p.get();
        }
        FileStore s = stores.get(f.store());
        if (s == null) throw new IOException("no store " + f.store() + " for " + f.fileId());
        var local = s.localPath(key).filter(Files::exists);
        if (local.isPresent()) return local.get();
        Path copy = dir.resolve("src-" + f.fileId() + "-" + entry);
        try (InputStream in = s.open(key, 0, s.size(key))) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
