package dev.liverec.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Files under one root directory. {@link #put} makes a hard link (or a copy when the source is on another file
 * system) under a temporary name next to the destination, fsyncs it, renames it into place atomically and fsyncs
 * the directory: after a crash a key either holds the whole file or nothing.
 */
public final class LocalStore implements FileStore {
    private final Path root;
    private final long minFreeBytes;

    public LocalStore(Path root, long minFreeBytes) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
        this.minFreeBytes = minFreeBytes;
    }

    public Path root() { return root; }

    @Override
    public String kind() { return "local"; }

    /** The file for a key; refuses keys with empty, "." or ".." components or anything resolving outside the root. */
    public Path resolve(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad object key");
        }
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) throw new IllegalArgumentException("bad object key");
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) throw new IllegalArgumentException("bad object key");
        return p;
    }

    @Override
    public void put(String key, Path source) throws IOException {
        Path dest = resolve(key);
        Path dir = Files.createDirectories(dest.getParent());
        Path tmp = dir.resolve("." + dest.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try {
                Files.createLink(tmp, source);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof NoSuchFileException) throw e;
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            fsync(tmp);
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDir(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel ch = FileChannel.open(resolve(key), StandardOpenOption.READ);
        ch.position(offset);
        InputStream in = Channels.newInputStream(ch);
        return new InputStream() {
            long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = in.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = in.read(buf, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        Files.deleteIfExists(p);
        // prune now-empty directories up to the root
        for (Path d = p.getParent(); d != null && !d.equals(root) && d.startsWith(root); d = d.getParent()) {
            try (var s = Files.list(d)) {
                if (s.findAny().isPresent()) break;
            } catch (NoSuchFileException e) {
                continue;
            }
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                break;
            }
        }
    }

    @Override
    public Optional<Path> localPath(String key) {
        Path p = resolve(key);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public boolean usable() {
        return problem() == null;
    }

    @Override
    public String problem() {
        try {
            if (!Files.isDirectory(root)) Files.createDirectories(root);
            if (!Files.isWritable(root)) return "record directory " + root + " is not writable";
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < minFreeBytes) return "record directory " + root + " has only " + free + " bytes free";
            return null;
        } catch (IOException e) {
            return "record directory " + root + ": " + e.getMessage();
        }
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; the rename is still atomic there
        }
    }

    @Override
    public String toString() {
        return "LocalStore[" + root + "]";
    }
}
