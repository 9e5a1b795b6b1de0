package dev.liverec.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code liverec bench verdict FROM TO}: the delivered load and {@link RunValidity} of the window between two copies
 * of a {@code bench publish --stats} file, as one JSON line (what bench/record-bench.sh prints beside its figures).
 */
@Command(name = "verdict", mixinStandardHelpOptions = true,
        description = "Delivered bitrate, publisher failures and validity of a window between two generator stats files (one JSON line).")
public final class BenchVerdictCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "stats file copied at the window's start") Path from;
    @Parameters(index = "1", description = "stats file copied at the window's end") Path to;

    @Override
    public Integer call() throws Exception {
        LoadSnapshot a = LoadSnapshot.parse(Files.readString(from));
        LoadSnapshot b = LoadSnapshot.parse(Files.readString(to));
        RunValidity v = RunValidity.between(a, b);
        ObjectNode o = b.toJson();
        o.remove(java.util.List.of("t_ms", "wire_bytes_queued", "wire_bytes_written"));
        o.put("window_s", LoadSnapshot.round((b.epochMs() - a.epochMs()) / 1000.0));
        o.put("delivered_mbit_s", LoadSnapshot.round(v.deliveredBitsPerSecond() / 1e6));
        o.put("delivered_pct", LoadSnapshot.round(100 * v.deliveredShare()));
        o.put("delivered_bytes", b.wireBytesWritten() - a.wireBytesWritten());
        o.put("valid", v.valid());
        o.put("invalid_reason", String.join("; ", v.reasons()));
        System.out.println(o);
        return 0;
    }
}
