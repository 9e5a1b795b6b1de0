package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link RecordingStore}: work directories under DATA_DIR/recording, and the commit of finished recordings.
 * A commit first puts the files into their final place (the local store, or the spool when the destination is an
 * object store, from where {@link SpoolUploader} uploads them), then indexes the file and queues its callbacks in
 * one transaction, and only then deletes the work files (not the work directory, which the engine owns). A crash at any point leaves either the work files (the
 * next commit redoes everything under the same file id) or a committed row (the next commit only cleans up).
 */
public final class RecordingArchive implements RecordingStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Path workRoot;
    private final FileStore destination;
    private final LocalStore spool;
    private final RecordFileIndex index;
    private final CommittedFileListener listener;
    private final Clock clock;
    private final String node;
    private final MeterRegistry metrics;
    private final Counter bytesStored;
    private volatile Runnable onSpooled = () -> {};
    private volatile LongUnaryOperator appIdOf = account -> account;
    private volatile Supplier<String> servedFrom = () -> null;

    /**
     * @param spool where files wait for an upload to {@code destination}; null when the destination is local
     */
    public RecordingArchive(Path workRoot, FileStore destination, LocalStore spool, RecordFileIndex index,
                            CommittedFileListener listener, Clock clock, String node, MeterRegistry metrics)
            throws IOException {
        this.workRoot = Files.createDirectories(workRoot.toAbsolutePath().normalize());
        this.destination = destination;
        this.spool = spool;
        this.index = index;
        this.listener = listener;
        this.clock = clock;
        this.node = node;
        this.metrics = metrics;
        this.bytesStored = Counter.builder("liverec_bytes_stored_total")
                .description("Bytes of finished recording files committed").register(metrics);
        if (!(destination instanceof LocalStore) && spool == null) {
            throw new IllegalArgumentException("an object store needs a local spool");
        }
    }

    /** Resolves the APPID of recordings handed over with appId 0 (the engine only knows the account). */
    public void appIdResolver(LongUnaryOperator appIdOf) { this.appIdOf = appIdOf; }

    /**
     * The base URL other nodes reach this node's {@code /vod} at (null when unknown): recorded with each spooled
     * file, so any node can forward a read of it here until its upload is done.
     */
    public void servedFrom(Supplier<String> baseUrl) { this.servedFrom = baseUrl; }

    /** Called after each commit that left files in the spool (wakes the uploader). */
    public void onSpooled(Runnable r) { this.onSpooled = r; }

    public FileStore destination() { return destination; }

    public Optional<LocalStore> spool() { return Optional.ofNullable(spool); }

    public RecordFileIndex index() { return index; }

    @Override
    public Path workDir(long accountId, StreamKey stream, String recordingId) throws IOException {
        if (!SAFE_ID.matcher(recordingId).matches()) throw new IOException("unsafe recording id");
        Path dir = workRoot.resolve(Long.toString(accountId)).resolve(recordingId).normalize();
        if (!dir.startsWith(workRoot)) throw new IOException("unsafe work directory");
        return dir; // created by the recording's first file, so one that never writes leaves nothing behind
    }

    @Override
    public void commit(FinishedRecording r) throws IOException {
        if (!SAFE_ID.matcher(r.recordingId()).matches()) throw new IOException("unsafe recording id");
        if (r.files() == null || r.files().isEmpty()) throw new IOException("a recording without files");
        List<Path> sources = new ArrayList<>();
        for (Path p : r.files()) {
            Path abs = p.toAbsolutePath().normalize();
            if (!abs.startsWith(workRoot) || abs.equals(workRoot)) {
                throw new IOException("file outside the work directories: " + p.getFileName());
            }
            sources.add(abs);
        }
        String fileId = r.fileId();
        long appId = r.appId() != 0 ? r.appId() : appIdOf.applyAsLong(r.accountId());
        String prefix = ObjectKeyLayout.prefix(appId, r.stream(), fileId);
        List<String> entries = entries(r, sources);

        Optional<RecordFile> existing = index.jdbi().withHandle(h -> index.byRecording(h, r.recordingId(), r.name()));
        if (existing.isPresent()) {
            LOG.info("recording {} file {} was already committed as {}; cleaning up", r.recordingId(), r.name(), fileId);
            deleteSources(sources);
            return;
        }

        boolean spooled = spool != null;
        FileStore target = spooled ? spool : destination;
        long size = 0;
        for (int i = 0; i < entries.size(); i++) {
            String key = prefix + entries.get(i);
            Path src = sources.get(i);
            if (Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                // only plain files: a symbolic link could point anywhere on the machine
                if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) throw new IOException("not a regular file: " + src.getFileName());
                target.put(key, src);
            } else if (target.localPath(key).isEmpty()) {
                throw new NoSuchFileException(src.getFileName().toString());
            }
            size += target.size(key);
        }
        Path main = target.localPath(prefix + entries.get(0)).orElseThrow();
        String sha256 = sha256(main);
        Instant now = clock.instant();
        RecordFile file = new RecordFile(fileId, r.recordingId(), r.name(), r.accountId(), appId, r.taskId(),
                r.stream(), r.format(), orElse(r.sessionStart(), r.fileStart()), r.fileStart(), r.fileEnd(),
                r.durationMillis(), size, r.videoCodec(), r.audioCodec(), r.width(), r.height(), destination.kind(),
                prefix, entries, spooled ? RecordFile.SPOOLED : RecordFile.STORED, node, r.recovered(),
                r.splitReason(), r.firstFrameUtc(), sha256, now,
                r.storageTimeSeconds() > 0 ? now.plusSeconds(r.storageTimeSeconds()) : null);
        index.jdbi().useTransaction(h -> {
            index.insert(h, file);
            String url = spooled ? servedFrom.get() : null;
            if (url != null) index.spooledAt(h, fileId, url);
            listener.onCommitted(h, file, r);
        });
        deleteSources(sources);
        metrics.counter("liverec_files_finished_total", "format", r.format().callbackName()).increment();
        bytesStored.increment(size);
        LOG.info("recording {}: file {} ({} {}, {} bytes, {} ms{}) committed as {} in {}", r.recordingId(), r.name(),
                r.format().callbackName(), r.stream(), size, r.durationMillis(), r.recovered() ? ", recovered" : "",
                fileId, spooled ? "the upload spool" : destination);
        if (spooled) onSpooled.run();
    }

    /** Entry names: the main file as {@code <name>.<ext>}, the others (HLS segments) under their own names. */
    private static List<String> entries(FinishedRecording r, List<Path> sources) throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(ObjectKeyLayout.safeStem(r.name()) + "." + r.format().extension());
        for (int i = 1; i < sources.size(); i++) {
            String n = sources.get(i).getFileName().toString();
            if (!ObjectKeyLayout.isSafeEntry(n) || entries.contains(n)) {
                throw new IOException("unsafe or duplicate segment file name: " + n);
            }
            entries.add(n);
        }
        return entries;
    }

    private void deleteSources(List<Path> sources) {
        for (Path p : sources) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("could not delete work file {}: {}", p, e.toString());
            }
        }
        // the work directory itself belongs to the recording engine: the next file of the recording may go there
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant orElse(Instant a, Instant b) {
        return a != null ? a : b;
    }
}
