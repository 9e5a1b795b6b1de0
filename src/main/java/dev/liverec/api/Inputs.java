package dev.liverec.api;


import java.util.Optional;

/** Range checks shared by the actions: wrong type is InvalidParameter (from Params), wrong value InvalidParameterValue. */
public final class Inputs {
    private Inputs() {}

    public static long nonNegative(Params p, String name, long dflt) {
        long v = p.longOr(name, dflt);
        if (v < 0) throw ApiException.invalid(name, "expected an unsigned Integer");
        return v;
    }

    public static long requiredNonNegative(Params p, String name) {
        long v = p.requiredLong(name);
        if (v < 0) throw ApiException.invalid(name, "expected an unsigned Integer");
        return v;
    }

    public static int oneOf(Params p, String name, int dflt, int... allowed) {
        long v = p.longOr(name, dflt);
        for (int a : allowed) if (v == a) return a;
        throw ApiException.invalidValue(name, "must be one of " + java.util.Arrays.toString(allowed));
    }

    public static Integer optionalOneOf(Params p, String name, int... allowed) {
        if (!p.has(name)) return null;
        return oneOf(p, name, allowed[0], allowed);
    }

    /** The parameter (default {@code dflt}) within [min, max], else InvalidParameterValue. */
    public static int intInRange(Params p, String name, int dflt, int min, int max) {
        return (int) range(p, name, p.longOr(name, dflt), min, max);
    }

    public static long range(Params p, String name, long value, long min, long max) {
        if (value < min || value > max) throw ApiException.invalidValue(name, "must be within " + min + "-" + max);
        return value;
    }

    public static Optional<String> maxLength(Optional<String> v, String name, int max) {
        v.ifPresent(s -> {
            if (s.length() > max) throw ApiException.invalidValue(name, "at most " + max + " characters");
        });
        return v;
    }
}
