package dev.liverec.record.output;

import dev.liverec.control.RecordFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the outputs of one {@link RecordFormat} and recovers the ones a crash left behind. Output files are
 * written under a name containing {@link #PART_MARK} until {@link RecordOutput#finish} gives them their final name.
 */
public interface OutputFormat {
    String PART_MARK = ".part";

    RecordFormat format();

    /** Does this format take video at all (AAC/MP3 do not)? */
    default boolean wantsVideo() { return true; }

    /**
     * The one audio codec an audio-only format stores as it came (AAC → ADTS, MP3 → MPEG audio), or null when any
     * codec goes. A stream with other audio is not recorded in this format: we never transcode.
     */
    default dev.liverec.media.Codec audioCodec() { return null; }

    /**
     * Opens a new output in {@code dir}; file names start with {@code partName} (a safe component).
     *
     * @param settings session-wide settings (HLS segment target, MP4 fragment period)
     */
    RecordOutput open(Path dir, String partName, Tracks tracks, OutputSettings settings, WallClock wallClock,
                      FileSink.Opener files) throws IOException;

    /** Maps a rebased timestamp of the output to wall-clock time (EXT-X-PROGRAM-DATE-TIME). */
    interface WallClock {
        java.time.Instant at(long outDts);
    }

    /**
     * Crash recovery: completes every file of this format left in {@code dir} (in-progress ones included) and
     * returns what it found; in-progress files get the name {@code namer} gives them. Blocking.
     */
    List<RecoveredFile> recover(Path dir, RecoveryNamer namer) throws IOException;

    /** Names a recovered in-progress file from its part name (which carries its start time) and its duration. */
    interface RecoveryNamer {
        String stem(String partName, long durationMillis);
    }

    /**
     * A file set recovered from a work directory, ready to be committed; {@code partName} is the in-progress name it
     * had (null when it was already finished but not yet committed).
     */
    record RecoveredFile(String stem, String partName, List<Path> files, long durationMillis, long sizeBytes) {}

    /** Session-wide settings of outputs. */
    record OutputSettings(int hlsSegmentMillis, int mp4FragmentMillis) {
        public static final OutputSettings DEFAULT = new OutputSettings(4000, 1000);
    }
}
