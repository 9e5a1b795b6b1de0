package dev.liverec.media.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A growing HLS media playlist (RFC 8216) for a recording: {@code EXT-X-PLAYLIST-TYPE:EVENT} while segments
 * are added, {@code EXT-X-ENDLIST} once ended. {@code EXT-X-TARGETDURATION} is fixed at construction (the
 * configured target, see {@link HlsSegmenter} for why that is always true) and segments that would break it are
 * refused. Every segment carries its {@code EXT-X-PROGRAM-DATE-TIME}; a resumed stream adds
 * {@code EXT-X-DISCONTINUITY}. Version 3 (decimal EXTINF).
 */
public final class HlsPlaylist {
    public static final int VERSION = 3;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    /** @param programDateTime wall-clock time of the segment's first frame, or null */
    public record Segment(String uri, long durationMs, Instant programDateTime, boolean discontinuity) {}

    private final int targetDuration;
    private final long mediaSequence;
    private final List<Segment> segments = new ArrayList<>();
    private boolean ended;

    public HlsPlaylist(int targetDurationSeconds) {
        this(targetDurationSeconds, 0);
    }

    public HlsPlaylist(int targetDurationSeconds, long mediaSequence) {
        if (targetDurationSeconds < 1) throw new IllegalArgumentException("target duration < 1");
        this.targetDuration = targetDurationSeconds;
        this.mediaSequence = mediaSequence;
    }

    public void add(Segment s) {
        if (ended) throw new IllegalStateException("playlist ended");
        if (s.uri() == null || s.uri().isBlank() || s.uri().contains("\n") || s.uri().startsWith("#")) {
            throw new IllegalArgumentException("bad segment URI: " + s.uri());
        }
        if (s.durationMs() < 0 || Math.round(s.durationMs() / 1000.0) > targetDuration) {
            throw new IllegalArgumentException("segment of " + s.durationMs() + " ms exceeds target " + targetDuration + " s");
        }
        segments.add(s);
    }

    public void end() { ended = true; }
    public boolean ended() { return ended; }
    public int targetDuration() { return targetDuration; }
    public List<Segment> segments() { return Collections.unmodifiableList(segments); }

    public long totalDurationMs() {
        long t = 0;
        for (Segment s : segments) t += s.durationMs();
        return t;
    }

    /**
     * Reads a playlist this class rendered (after a restart: to resume it or to end it). Unknown tags are
     * ignored; the result renders to the same text.
     * @throws IllegalArgumentException when it is not a valid media playlist
     */
    public static HlsPlaylist parse(String text) {
        java.util.List<String> problems = HlsPlaylistChecker.check(text);
        if (!problems.isEmpty()) throw new IllegalArgumentException("invalid playlist: " + problems);
        int target = 0;
        long sequence = 0;
        List<Segment> segments = new ArrayList<>();
        boolean ended = false, discontinuity = false;
        Instant pdt = null;
        long duration = -1;
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("#EXT-X-TARGETDURATION:")) target = Integer.parseInt(line.substring(22));
            else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) sequence = Long.parseLong(line.substring(22));
            else if (line.equals("#EXT-X-DISCONTINUITY")) discontinuity = true;
            else if (line.equals("#EXT-X-ENDLIST")) ended = true;
            else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) pdt = java.time.OffsetDateTime.parse(line.substring(25)).toInstant();
            else if (line.startsWith("#EXTINF:")) {
                String d = line.substring(8, line.indexOf(','));
                duration = new java.math.BigDecimal(d).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                segments.add(new Segment(line, duration, pdt, discontinuity));
                discontinuity = false;
                pdt = null;
            }
        }
        HlsPlaylist p = new HlsPlaylist(target, sequence);
        p.segments.addAll(segments);
        p.ended = ended;
        return p;
    }

    public long mediaSequence() { return mediaSequence; }

    public String render() {
        StringBuilder b = new StringBuilder(128 + segments.size() * 96);
        b.append("#EXTM3U\n");
        b.append("#EXT-X-VERSION:").append(VERSION).append('\n');
        b.append("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        b.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.discontinuity() && i > 0) b.append("#EXT-X-DISCONTINUITY\n");
            if (s.programDateTime() != null) b.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE.format(s.programDateTime())).append('\n');
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%d.%03d", s.durationMs() / 1000, s.durationMs() % 1000)).append(",\n");
            b.append(s.uri()).append('\n');
        }
        if (ended) b.append("#EXT-X-ENDLIST\n");
        return b.toString();
    }
}
