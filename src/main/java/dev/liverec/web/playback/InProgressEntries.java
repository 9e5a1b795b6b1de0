package dev.liverec.web.playback;

import dev.liverec.control.RecordFormat;
import dev.liverec.storage.FilesInProgress;
import dev.liverec.storage.FilesInProgress.FileInProgress;
import dev.liverec.storage.ObjectKeyLayout;
import dev.liverec.storage.RecordFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which entries of a file being written may be served from its work directory: the live EVENT playlist
 * ({@code <part>.m3u8}) and the segments it lists (so never one still being written), or the growing single file
 * ({@code <part>.<ext>}). Once committed, the same entry name is an alias of the finished file's main entry, so a
 * URL handed out while recording keeps working: the live playlist URL then serves the VOD playlist (same segments,
 * plus ENDLIST). Blocking (file reads).
 */
final class InProgressEntries {
    private InProgressEntries() {}

    /** The work file behind {@code entry}, if it may be served now. */
    static Optional<Path> local(FileInProgress f, String entry) throws IOException {
        if (entry.equals(f.mainEntry())) {
            Path p = f.path(entry);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        if (f.format() != RecordFormat.HLS || !entry.endsWith(".ts")) return Optional.empty();
        try {
            String playlist = Files.readString(f.path(f.mainEntry()), StandardCharsets.US_ASCII);
            boolean listed = playlist.lines().anyMatch(entry::equals);
            Path p = f.path(entry);
            return listed && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty(); // finishing: the final playlist replaces it
        }
    }

    /** The entry of the finished file {@code f} that {@code entry} names: itself, or the main entry for its work name. */
    static Optional<String> finished(RecordFile f, String entry) {
        if (f.entries().contains(entry)) return Optional.of(entry);
        String suffix = FilesInProgress.PART_MARK + "." + f.format().extension();
        if (!entry.endsWith(suffix)) return Optional.empty();
        String part = entry.substring(0, entry.length() - f.format().extension().length() - 1);
        return ObjectKeyLayout.fileId(f.recordingId(), part).equals(f.fileId()) ? Optional.of(f.mainEntry())
                : Optional.empty();
    }

    /** Live playlists change: never cached; everything else of a file being written does not. */
    static String cacheControl(String entry) {
        return entry.endsWith(".m3u8") ? "no-cache" : "private, max-age=60";
    }
}
