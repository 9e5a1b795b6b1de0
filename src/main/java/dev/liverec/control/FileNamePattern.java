package dev.liverec.control;


import dev.liverec.control.ControlFailure.Reason;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of RecordParam.VodFileName and CosBucketPath (spec §3.8): only the documented placeholders, and nothing
 * that could leave the recording's directory. A VodFileName is one path component (no separators, no {@code ..},
 * no leading dot); a CosBucketPath starts with {@code /} and has no empty, {@code .} or {@code ..} segments.
 */
public final class FileNamePattern {
    private static final Set<String> TIME = Set.of("Year", "Month", "Day", "Hour", "Minute", "Second", "Millisecond");
    private static final Set<String> COS_ONLY = Set.of("RecordSource", "Domain", "AppName", "RecordId", "RandomID");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    public static final int MAX_LENGTH = 255;

    private FileNamePattern() {}

    private static boolean fileNamePlaceholder(String name) {
        if (name.equals("StreamID")) return true;
        if (name.startsWith("Start")) return TIME.contains(name.substring(5));
        if (name.startsWith("End")) return TIME.contains(name.substring(3));
        return false;
    }

    /** InvalidParameter.InvalidVodFileName unless {@code name} is a safe file-name pattern. */
    public static String vodFileName(String field, String name) {
        if (!placeholdersValid(name, false) || name.isEmpty() || name.length() > MAX_LENGTH || name.startsWith(".")
                || name.contains("/") || name.contains("\\") || name.contains("..") || hasControl(name)) {
            throw new ControlFailure(Reason.VOD_FILE_NAME, "The value of `" + field
                    + "` is not a valid file name: use text and the documented placeholders ({StreamID},"
                    + " {StartYear}..{StartMillisecond}, {EndYear}..{EndMillisecond}), without '/', '\\' or '..'.");
        }
        return name;
    }

    /** InvalidParameter.COSCustomFileNameError unless {@code path} is a safe object-path pattern. */
    public static String cosBucketPath(String field, String path) {
        boolean ok = path.startsWith("/") && path.length() <= 1024 && placeholdersValid(path, true)
                && !path.contains("\\") && !hasControl(path);
        if (ok) {
            String[] segs = path.substring(1).split("/", -1);
            for (String s : segs) if (s.isEmpty() || s.equals(".") || s.equals("..")) ok = false;
        }
        if (!ok) {
            throw new ControlFailure(Reason.COS_FILE_NAME, "The value of `" + field
                    + "` must start with '/', use only the documented placeholders, and have no empty, '.' or '..'"
                    + " segments.");
        }
        return path;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static boolean placeholdersValid(String s, boolean cos) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!fileNamePlaceholder(name) && !(cos && COS_ONLY.contains(name))) return false;
            rest.append(s, last, m.start());
            last = m.end();
        }
        rest.append(s.substring(last));
        return rest.indexOf("{") < 0 && rest.indexOf("}") < 0;
    }
}
