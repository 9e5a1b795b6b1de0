package dev.liverec.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS lock on {@code DATA_DIR/node.lock}, held while the process runs, with the node-table instance of the process
 * that last held it. The OS drops the lock when a process dies, so holding it proves that instance is gone: a node
 * restarted on its own data directory after a crash takes its id over at once instead of waiting out the lease.
 * A second process on the same data directory is refused.
 */
public final class DataDirLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousInstance;

    private DataDirLock(Path file, FileChannel channel, FileLock lock, String previousInstance) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previousInstance = previousInstance;
    }

    /** @throws NodeIdInUseException when another process holds the data directory */
    public static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve("node.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this JVM
        }
        if (lock == null) {
            ch.close();
            throw new NodeIdInUseException("data directory " + dataDir + " is in use by another running process");
        }
        ByteBuffer buf = ByteBuffer.allocate(128);
        ch.read(buf, 0);
        String previous = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
        return new DataDirLock(file, ch, lock, previous);
    }

    /** The instance that held this data directory last (dead now), or "" if none is recorded. */
    public String previousInstance() {
        return previousInstance;
    }

    /** Records this process's instance for the next process on this data directory. */
    public void record(String instance) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(instance.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "lock " + file;
    }
}
