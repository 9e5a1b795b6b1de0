package dev.liverec.clip;

import dev.liverec.storage.RecordFile;
import dev.liverec.storage.RecordFileIndex;
import dev.liverec.stream.StreamKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recordings a clip of a stream is cut from: the account's files of that stream overlapping the range, in the
 * formats a clip can read, oldest first, one per stretch of time (several tasks or formats recording the same
 * stream at once hold the same media; the first listed wins and overlapping ones are skipped). Clips themselves
 * are never a source.
 */
final class ClipSources {
    /** Enough files for hours of media cut at the shortest RecordInterval (60 s). */
    static final int MAX_FILES = 500;
    /** Overlap tolerated between consecutive files (timestamps are rounded, a cut repeats no frame). */
    private static final long OVERLAP_MS = 500;

    private ClipSources() {}

    static boolean readable(RecordFile f) {
        return SourcePackets.readable(f.format()) && !RecordClipper.isClip(f);
    }

    static List<RecordFile> of(RecordFileIndex index, long accountId, StreamKey stream, Instant from, Instant to) {
        List<RecordFile> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            var page = index.list(new RecordFileIndex.Filter(accountId, null, stream.domain(),
                    stream.app().isEmpty() ? null : stream.app(), stream.name(), from, to), offset, 100);
            for (RecordFile f : page.files()) {
                if (!readable(f)) continue;
                if (!out.isEmpty() && f.start().toEpochMilli() < out.get(out.size() - 1).end().toEpochMilli() - OVERLAP_MS) continue;
                out.add(f);
                if (out.size() >= MAX_FILES) return out;
            }
            offset += page.files().size();
            if (page.files().isEmpty() || offset >= page.total()) return out;
        }
    }
}
