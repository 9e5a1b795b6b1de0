package dev.liverec.web.playback;

/**
 * One satisfiable byte range of an HTTP Range header (RFC 9110 §14): {@code bytes=a-b}, {@code bytes=a-},
 * {@code bytes=-n}. Multi-range requests are answered with the whole file (allowed by the RFC).
 */
public record ByteRange(long start, long endInclusive) {
    public long length() { return endInclusive - start + 1; }

    /** Outcome of parsing a Range header against a file size. */
    public sealed interface Result permits Whole, Partial, Unsatisfiable {}
    public record Whole() implements Result {}
    public record Partial(ByteRange range) implements Result {}
    public record Unsatisfiable() implements Result {}

    public static Result parse(String header, long size) {
        if (header == null) return new Whole();
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return new Whole();
        String spec = h.substring(6).trim();
        if (spec.contains(",")) return new Whole();
        int dash = spec.indexOf('-');
        if (dash < 0) return new Whole();
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty() || !b.matches("\\d{1,18}")) return new Whole();
                long n = Long.parseLong(b);
                if (n == 0 || size == 0) return new Unsatisfiable();
                return new Partial(new ByteRange(Math.max(0, size - n), size - 1));
            }
            if (!a.matches("\\d{1,18}") || (!b.isEmpty() && !b.matches("\\d{1,18}"))) return new Whole();
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (!b.isEmpty() && Long.parseLong(b) < start) return new Whole(); // syntactically invalid: ignore
            if (start >= size) return new Unsatisfiable();
            return new Partial(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }
}
