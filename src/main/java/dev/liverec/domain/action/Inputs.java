package dev.liverec.domain.action;

import dev.liverec.api.ApiException;
import dev.liverec.api.Params;

/** Value checks of the domain actions (wrong value: InvalidParameterValue). */
final class Inputs {
    private Inputs() {}

    static int oneOf(Params p, String name, int dflt, int... allowed) {
        long v = p.longOr(name, dflt);
        for (int a : allowed) if (v == a) return a;
        throw ApiException.invalidValue(name, "must be one of " + java.util.Arrays.toString(allowed));
    }

    static Integer optionalOneOf(Params p, String name, int... allowed) {
        return p.has(name) ? oneOf(p, name, allowed[0], allowed) : null;
    }

    static int range(Params p, String name, int dflt, int min, int max) {
        long v = p.longOr(name, dflt);
        if (v < min || v > max) throw ApiException.invalidValue(name, "must be within " + min + "-" + max);
        return (int) v;
    }
}
