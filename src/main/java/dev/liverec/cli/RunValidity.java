package dev.liverec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a benchmark window measured what it claims: per-stream figures mean something only when the generator
 * delivered the load it was asked for and every publisher kept publishing. Invalid when the bytes written in the
 * window fall below {@value #MIN_DELIVERED_SHARE} of nominal, or when any publisher failed up to the window's end.
 *
 * @param deliveredBitsPerSecond bytes the generator's sockets took in the window, per second
 * @param reasons                empty when valid
 */
public record RunValidity(double deliveredBitsPerSecond, double nominalBitsPerSecond, int failures, List<String> reasons) {
    public static final double MIN_DELIVERED_SHARE = 0.95;

    public boolean valid() {
        return reasons.isEmpty();
    }

    public double deliveredShare() {
        return nominalBitsPerSecond > 0 ? deliveredBitsPerSecond / nominalBitsPerSecond : 0;
    }

    /** The rule itself, on the window between two snapshots of the same generator run. */
    public static RunValidity between(LoadSnapshot from, LoadSnapshot to) {
        double seconds = (to.epochMs() - from.epochMs()) / 1000.0;
        double delivered = seconds > 0 ? (to.wireBytesWritten() - from.wireBytesWritten()) * 8 / seconds : 0;
        List<String> reasons = new ArrayList<>();
        if (seconds <= 0) reasons.add("empty window");
        double share = to.nominalBitsPerSecond() > 0 ? delivered / to.nominalBitsPerSecond() : 0;
        if (share < MIN_DELIVERED_SHARE) {
            reasons.add(String.format(Locale.ROOT, "generator delivered %.1f%% of nominal (%.0f of %.0f Mbit/s), below %.0f%%",
                    100 * share, delivered / 1e6, to.nominalBitsPerSecond() / 1e6, 100 * MIN_DELIVERED_SHARE));
        }
        if (to.failureCount() > 0) {
            reasons.add(to.failureCount() + " publisher failures (" + to.failures().entrySet().stream()
                    .filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")");
        }
        return new RunValidity(delivered, to.nominalBitsPerSecond(), to.failureCount(), List.copyOf(reasons));
    }
}
