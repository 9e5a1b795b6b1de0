package dev.liverec.media.hls;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a media playlist against the RFC 8216 rules recordings depend on. Returns the violations found (empty
 * when the playlist is valid), one line each with its 1-based line number. Used by the tests of every module
 * that writes playlists.
 *
 * <p>Rules: {@code #EXTM3U} on the first line; known tags well-formed (decimal-integer / float / enumerated
 * values, dates in ISO 8601 with a time zone); single-occurrence tags at most once and before the first
 * segment where required; {@code EXT-X-TARGETDURATION} present; every EXTINF rounded to the nearest integer
 * ≤ the target; every segment URI preceded by EXTINF and every EXTINF followed by a URI; nothing but tags after
 * {@code EXT-X-ENDLIST} and no segment after it; the declared {@code EXT-X-VERSION} covers the features used
 * (decimal EXTINF ≥ 3, BYTERANGE ≥ 4, MAP ≥ 6, KEY IV ≥ 2); no master-playlist tags.
 */
public final class HlsPlaylistChecker {
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[0-9]{1,20}");
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Set<String> ONCE = Set.of("#EXT-X-VERSION", "#EXT-X-TARGETDURATION", "#EXT-X-MEDIA-SEQUENCE",
            "#EXT-X-DISCONTINUITY-SEQUENCE", "#EXT-X-ENDLIST", "#EXT-X-PLAYLIST-TYPE", "#EXT-X-I-FRAMES-ONLY",
            "#EXT-X-INDEPENDENT-SEGMENTS");
    private static final Set<String> BEFORE_FIRST_SEGMENT = Set.of("#EXT-X-TARGETDURATION", "#EXT-X-MEDIA-SEQUENCE",
            "#EXT-X-DISCONTINUITY-SEQUENCE", "#EXT-X-PLAYLIST-TYPE", "#EXT-X-VERSION", "#EXT-X-I-FRAMES-ONLY");
    private static final Set<String> MASTER_TAGS = Set.of("#EXT-X-STREAM-INF", "#EXT-X-MEDIA", "#EXT-X-I-FRAME-STREAM-INF",
            "#EXT-X-SESSION-DATA", "#EXT-X-SESSION-KEY");

    private HlsPlaylistChecker() {}

    /** Parsed facts of a valid playlist, for update checks and test assertions. */
    public record Summary(long targetDuration, long mediaSequence, List<String> uris, List<BigDecimal> durations,
                          boolean ended, String playlistType) {}

    public static List<String> check(String playlist) {
        return new Run(playlist).run();
    }

    /** Throws AssertionError listing the violations, returns the summary otherwise. */
    public static Summary require(String playlist) {
        Run r = new Run(playlist);
        List<String> v = r.run();
        if (!v.isEmpty()) throw new AssertionError("invalid playlist:\n  " + String.join("\n  ", v) + "\n" + playlist);
        return r.summary();
    }

    /**
     * RFC 8216 §6.2.1/§6.2.2 for an EVENT playlist reloaded: segments are only appended (earlier ones unchanged),
     * the media sequence and target duration stay, an ended playlist does not change.
     */
    public static List<String> checkUpdate(String before, String after) {
        List<String> out = new ArrayList<>();
        Run a = new Run(before), b = new Run(after);
        out.addAll(prefix("before: ", a.run()));
        out.addAll(prefix("after: ", b.run()));
        if (!out.isEmpty()) return out;
        Summary x = a.summary(), y = b.summary();
        if (x.targetDuration() != y.targetDuration()) out.add("EXT-X-TARGETDURATION changed " + x.targetDuration() + " → " + y.targetDuration());
        if (x.mediaSequence() != y.mediaSequence()) out.add("EXT-X-MEDIA-SEQUENCE changed in an EVENT playlist");
        if (y.uris().size() < x.uris().size()) out.add("segments removed");
        for (int i = 0; i < Math.min(x.uris().size(), y.uris().size()); i++) {
            if (!x.uris().get(i).equals(y.uris().get(i)) || x.durations().get(i).compareTo(y.durations().get(i)) != 0) {
                out.add("segment " + i + " changed");
            }
        }
        if (x.ended() && !before.equals(after)) out.add("playlist changed after EXT-X-ENDLIST");
        if ("EVENT".equals(x.playlistType()) && !"EVENT".equals(y.playlistType())) out.add("EXT-X-PLAYLIST-TYPE changed");
        return out;
    }

    private static List<String> prefix(String p, List<String> l) {
        List<String> out = new ArrayList<>();
        for (String s : l) out.add(p + s);
        return out;
    }

    private static final class Run {
        final String text;
        final List<String> errors = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();
        final List<String> uris = new ArrayList<>();
        final List<BigDecimal> durations = new ArrayList<>();
        long target = -1, mediaSequence = 0;
        int version = 1, requiredVersion = 1;
        String requiredBy = "";
        boolean ended, pendingInf;
        String playlistType;
        final List<int[]> infLines = new ArrayList<>(); // line numbers of EXTINF, to report target violations

        Run(String text) {
            this.text = text;
        }

        Summary summary() {
            return new Summary(target, mediaSequence, uris, durations, ended, playlistType);
        }

        List<String> run() {
            String[] lines = text.split("\r?\n", -1);
            if (lines.length == 0 || !lines[0].equals("#EXTM3U")) err(1, "first line must be #EXTM3U");
            int inf = 0;
            for (int n = 1; n < lines.length; n++) {
                String line = lines[n];
                int no = n + 1;
                if (line.isBlank()) continue;
                if (line.startsWith("#EXT")) {
                    tag(no, line);
                } else if (line.startsWith("#")) {
                    continue; // comment
                } else {
                    if (!pendingInf) err(no, "URI without a preceding #EXTINF: " + line);
                    if (ended) err(no, "media segment after #EXT-X-ENDLIST");
                    if (!line.equals(line.strip())) err(no, "URI with surrounding white space");
                    uris.add(line);
                    pendingInf = false;
                }
            }
            if (pendingInf) err(lines.length, "#EXTINF without a URI");
            if (target < 0) err(1, "missing #EXT-X-TARGETDURATION");
            else {
                for (int i = 0; i < durations.size(); i++) {
                    long rounded = durations.get(i).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
                    if (rounded > target) {
                        err(infLines.get(i)[0], "EXTINF " + durations.get(i) + " rounds to " + rounded + " > EXT-X-TARGETDURATION " + target);
                    }
                }
            }
            if (version < requiredVersion) err(1, "EXT-X-VERSION " + version + " but " + requiredBy + " needs " + requiredVersion);
            return errors;
        }

        void tag(int no, String line) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? null : line.substring(colon + 1);
            if (name.equals("#EXTM3U")) {
                err(no, "#EXTM3U repeated");
                return;
            }
            if (MASTER_TAGS.contains(name)) err(no, name + " is a master playlist tag");
            if (ONCE.contains(name) && seen.merge(name, 1, Integer::sum) > 1) err(no, name + " appears more than once");
            if (BEFORE_FIRST_SEGMENT.contains(name) && (!uris.isEmpty() || pendingInf)) err(no, name + " after the first media segment");
            if (ended && !name.equals("#EXT-X-ENDLIST")) err(no, name + " after #EXT-X-ENDLIST");
            switch (name) {
                case "#EXT-X-VERSION" -> version = (int) integer(no, name, value, 1, 99);
                case "#EXT-X-TARGETDURATION" -> target = integer(no, name, value, 0, Long.MAX_VALUE);
                case "#EXT-X-MEDIA-SEQUENCE" -> mediaSequence = integer(no, name, value, 0, Long.MAX_VALUE);
                case "#EXT-X-DISCONTINUITY-SEQUENCE" -> integer(no, name, value, 0, Long.MAX_VALUE);
                case "#EXT-X-PLAYLIST-TYPE" -> {
                    if (!"EVENT".equals(value) && !"VOD".equals(value)) err(no, "EXT-X-PLAYLIST-TYPE must be EVENT or VOD: " + value);
                    playlistType = value;
                }
                case "#EXT-X-ENDLIST", "#EXT-X-DISCONTINUITY", "#EXT-X-I-FRAMES-ONLY", "#EXT-X-INDEPENDENT-SEGMENTS",
                        "#EXT-X-GAP" -> {
                    if (value != null) err(no, name + " takes no value");
                    if (name.equals("#EXT-X-ENDLIST")) ended = true;
                }
                case "#EXTINF" -> {
                    if (pendingInf) err(no, "#EXTINF without a URI before the next #EXTINF");
                    String d = value == null ? "" : value.split(",", 2)[0];
                    if (value == null || !value.contains(",")) err(no, "#EXTINF must be <duration>,[<title>]");
                    if (!DECIMAL_FLOAT.matcher(d).matches()) {
                        err(no, "#EXTINF duration not a number: " + d);
                        d = "0";
                    }
                    if (d.contains(".")) need(3, "decimal EXTINF");
                    durations.add(new BigDecimal(d));
                    infLines.add(new int[]{no});
                    pendingInf = true;
                }
                case "#EXT-X-PROGRAM-DATE-TIME" -> {
                    try {
                        OffsetDateTime.parse(value == null ? "" : value);
                    } catch (DateTimeParseException e) {
                        err(no, "EXT-X-PROGRAM-DATE-TIME not ISO 8601 with a time zone: " + value);
                    }
                }
                case "#EXT-X-BYTERANGE" -> {
                    need(4, "EXT-X-BYTERANGE");
                    if (value == null || !value.matches("[0-9]+(@[0-9]+)?")) err(no, "bad EXT-X-BYTERANGE " + value);
                }
                case "#EXT-X-MAP" -> {
                    need(6, "EXT-X-MAP");
                    if (value == null || !value.contains("URI=\"")) err(no, "EXT-X-MAP without URI");
                }
                case "#EXT-X-KEY" -> {
                    if (value == null || !value.contains("METHOD=")) err(no, "EXT-X-KEY without METHOD");
                    if (value != null && value.contains("IV=")) need(2, "EXT-X-KEY IV");
                }
                default -> {
                    if (name.startsWith("#EXT-X-") || name.startsWith("#EXTINF")) break; // unknown tags are ignored by clients
                }
            }
        }

        long integer(int no, String name, String value, long min, long max) {
            if (value == null || !DECIMAL_INTEGER.matcher(value).matches()) {
                err(no, name + " needs a decimal-integer: " + value);
                return min;
            }
            long v;
            try {
                v = Long.parseLong(value);
            } catch (NumberFormatException e) {
                err(no, name + " out of range: " + value);
                return min;
            }
            if (v < min || v > max) err(no, name + " out of range: " + value);
            return v;
        }

        void need(int v, String feature) {
            if (v > requiredVersion) {
                requiredVersion = v;
                requiredBy = feature;
            }
        }

        void err(int line, String msg) {
            errors.add("line " + line + ": " + msg);
        }
    }
}
