package dev.liverec.record.takeover;

import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.RecordingStore;
import dev.liverec.stream.StreamKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads what this node's recordings in progress have written, as it completes, so that nothing lives only on
 * this disk longer than one segment or one upload period: every HLS segment the part playlist lists (then the
 * playlist), and the bytes appended to a single file since the last pass (MP4 fragments, FLV tags, ADTS frames).
 * Once a file is committed its uploads are removed, so a takeover never finalizes it a second time.
 */
final class WorkUploader {
    private static final Logger LOG = LoggerFactory.getLogger(WorkUploader.class);
    private static final int MAX_PIECE = 8 << 20;

    private final SessionJournal journal;
    private final StoredWork stored;
    private final Map<String, Uploads> byRecording = new ConcurrentHashMap<>();

    WorkUploader(SessionJournal journal, StoredWork stored) {
        this.journal = journal;
        this.stored = stored;
    }

    /** What went up of one recording; guarded by itself (uploads and removals never interleave). */
    private static final class Uploads {
        final Map<String, Long> uploadedBytes = new HashMap<>(); // single files: bytes up so far
        final Map<String, String> playlists = new HashMap<>(); // HLS part playlist: the text up
        final Map<String, List<String>> keysByFile = new HashMap<>();

        void uploaded(String file, String key) {
            keysByFile.computeIfAbsent(file, k -> new ArrayList<>()).add(key);
        }
    }

    /** One pass over the recordings in progress; then drops what belongs to recordings that are over. */
    void pass() {
        Set<String> live = new HashSet<>();
        for (SessionJournal.Entry e : journal.live()) {
            live.add(e.recordingId());
            Uploads u = byRecording.computeIfAbsent(e.recordingId(), k -> new Uploads());
            synchronized (u) {
                try {
                    upload(e.recordingId(), e.workDir(), u);
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("recording {}: upload of work files failed (next pass retries): {}", e.recordingId(),
                            ex.toString());
                }
            }
        }
        for (String id : List.copyOf(byRecording.keySet())) {
            if (!live.contains(id)) forget(id, null);
        }
    }

    private void upload(String id, Path dir, Uploads u) throws IOException {
        if (!Files.isDirectory(dir)) return;
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") || !name.contains(OutputFormat.PART_MARK)) continue; // temp or finished
            try {
                if (name.endsWith(".m3u8")) uploadPlaylist(id, dir, name, u);
                else if (!name.endsWith(".ts")) uploadAppended(id, p, name, u);
            } catch (NoSuchFileException gone) {
                // finished meanwhile: its commit removes what went up
            }
        }
    }

    /** The segments a part playlist lists (each complete once listed), then the playlist itself. */
    private void uploadPlaylist(String id, Path dir, String name, Uploads u) throws IOException {
        String text = Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
        if (text.equals(u.playlists.get(name))) return;
        for (HlsPlaylist.Segment s : HlsPlaylist.parse(text).segments()) {
            if (u.keysByFile.containsKey(s.uri())) continue;
            u.uploaded(s.uri(), stored.putFile(id, s.uri(), Files.readAllBytes(dir.resolve(s.uri()))));
        }
        String key = stored.putFile(id, name, text.getBytes(StandardCharsets.US_ASCII));
        if (!u.playlists.containsKey(name)) u.uploaded(name, key);
        u.playlists.put(name, text);
    }

    /** The bytes appended to a single file since the last pass, as one more piece. */
    private void uploadAppended(String id, Path p, String name, Uploads u) throws IOException {
        long from = u.uploadedBytes.getOrDefault(name, 0L);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            while (from < size) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_PIECE, size - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) { /* fill */ }
                byte[] bytes = java.util.Arrays.copyOf(buf.array(), buf.position());
                u.uploaded(name, stored.putPiece(id, name, from, bytes));
                from += bytes.length;
                u.uploadedBytes.put(name, from);
            }
        }
    }

    /**
     * After a commit of {@code recordingId}: removes the uploads of its files no longer in {@code dir} (the commit
     * took them), or of every file when {@code dir} is null (the recording is over).
     */
    private void forget(String recordingId, Path dir) {
        Uploads u = byRecording.get(recordingId);
        if (u == null) return;
        synchronized (u) {
            List<String> files = new ArrayList<>(u.keysByFile.keySet());
            for (String f : files) {
                if (dir != null && Files.exists(dir.resolve(f))) continue;
                try {
                    stored.delete(u.keysByFile.get(f));
                    u.keysByFile.remove(f);
                    u.uploadedBytes.remove(f);
                    u.playlists.remove(f);
                } catch (IOException e) {
                    LOG.warn("recording {}: cannot remove the uploads of {} (a takeover would finalize it again): {}",
                            recordingId, f, e.toString());
                }
            }
            if (dir == null && u.keysByFile.isEmpty()) byRecording.remove(recordingId);
        }
    }

    /** {@code store}, telling this uploader about every commit. */
    RecordingStore around(RecordingStore store) {
        return new RecordingStore() {
            @Override
            public Path workDir(long accountId, StreamKey stream, String recordingId) throws IOException {
                return store.workDir(accountId, stream, recordingId);
            }

            @Override
            public void commit(FinishedRecording recording) throws IOException {
                store.commit(recording);
                Path dir = store.workDir(recording.accountId(), recording.stream(), recording.recordingId());
                forget(recording.recordingId(), dir);
            }
        };
    }
}
