package dev.liverec.record.output;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a VodFileName pattern (spec §3.8) into a file name stem. Times are expanded in the configured zone
 * (Beijing time by default, as the cloud most likely does). The result is one safe path component: anything but
 * letters, digits, '-', '_', '.' and '+' becomes '_', leading dots are dropped, and the length is capped, so a
 * client-chosen pattern never reaches the filesystem as a path.
 */
public final class FileNamer {
    public static final String DEFAULT_PATTERN = "{StreamID}_{StartYear}-{StartMonth}-{StartDay}-{StartHour}-{StartMinute}"
            + "-{StartSecond}_{EndYear}-{EndMonth}-{EndDay}-{EndHour}-{EndMinute}-{EndSecond}";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_LENGTH = 200;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._+\\-]");

    private final ZoneId zone;

    public FileNamer(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * @param pattern VodFileName, or null/blank for the default
     * @param uniquifier appended when the expansion repeats a name already used (same second), e.g. "-2"
     */
    public String name(String pattern, String streamId, Instant start, Instant end, String uniquifier) {
        String p = pattern == null || pattern.isBlank() ? DEFAULT_PATTERN : pattern;
        ZonedDateTime s = start.atZone(zone);
        ZonedDateTime e = end.atZone(zone);
        Map<String, String> values = Map.ofEntries(
                Map.entry("StreamID", streamId),
                Map.entry("StartYear", pad(s.getYear(), 4)), Map.entry("StartMonth", pad(s.getMonthValue(), 2)),
                Map.entry("StartDay", pad(s.getDayOfMonth(), 2)), Map.entry("StartHour", pad(s.getHour(), 2)),
                Map.entry("StartMinute", pad(s.getMinute(), 2)), Map.entry("StartSecond", pad(s.getSecond(), 2)),
                Map.entry("StartMillisecond", pad(s.getNano() / 1_000_000, 3)),
                Map.entry("EndYear", pad(e.getYear(), 4)), Map.entry("EndMonth", pad(e.getMonthValue(), 2)),
                Map.entry("EndDay", pad(e.getDayOfMonth(), 2)), Map.entry("EndHour", pad(e.getHour(), 2)),
                Map.entry("EndMinute", pad(e.getMinute(), 2)), Map.entry("EndSecond", pad(e.getSecond(), 2)),
                Map.entry("EndMillisecond", pad(e.getNano() / 1_000_000, 3)));
        Matcher m = PLACEHOLDER.matcher(p);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        if (uniquifier != null) out.append(uniquifier);
        return safeComponent(out.toString());
    }

    /** Reduces any string to one harmless file name component (never empty, never "." or ".."). */
    public static String safeComponent(String raw) {
        String s = UNSAFE.matcher(raw).replaceAll("_");
        int i = 0;
        while (i < s.length() && s.charAt(i) == '.') i++;
        s = s.substring(i);
        if (s.length() > MAX_LENGTH) s = s.substring(0, MAX_LENGTH);
        return s.isEmpty() ? "_" : s;
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
