package dev.liverec.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The node's one memory budget and its split (docs/memory.md): a native share for what the JVM itself needs
 * (metaspace, code cache, thread stacks, GC structures: at least 128 MiB or a quarter), and the rest split 35 : 65
 * between the Java heap (objects, writer state; at least 96 MiB) and direct memory (media payloads: GOP caches,
 * partial RTMP messages, write buffers), which is where the bytes of each stream are: the heap's live set was 33 –
 * 40 MB at 300 streams, direct memory 110 – 160 MB. The ingest budget of partial RTMP messages is a quarter of the direct share.
 */
public record MemoryBudget(long total, long heap, long direct) {
    public static final long MIN = 256L << 20;
    private static final long NATIVE_MIN = 128L << 20;
    /** The idle live heap is ~20 MB and the young generation 24 MiB: below this the collector would thrash. */
    private static final long HEAP_MIN = 96L << 20;
    private static final long SERIAL_GC_MAX_HEAP = 4L << 30;

    public static MemoryBudget of(long total) {
        if (total < MIN) throw new IllegalArgumentException("memory budget " + mib(total) + " MiB is below the minimum of " + mib(MIN) + " MiB");
        long nativeShare = Math.max(NATIVE_MIN, total / 4);
        long rest = total - nativeShare;
        long heap = Math.max(HEAP_MIN, rest * 35 / 100);
        return new MemoryBudget(total, heap, rest - heap);
    }

    /** The configured budget ({@code 512m}, {@code 1g}, bytes), or the default for this machine when blank. */
    public static MemoryBudget resolve(String configured) {
        return of(configured == null || configured.isBlank() ? defaultTotal() : parse(configured));
    }

    /** Three quarters of the cgroup's limit when one is set, else a quarter of the machine's memory (the JVM's own default share). */
    public static long defaultTotal() {
        Optional<Long> cgroup = cgroupLimit();
        long total = cgroup.map(l -> l / 4 * 3).orElseGet(() -> physicalMemory() / 4);
        return Math.max(MIN, total);
    }

    /** The ingest budget (rtmp.ingestMemoryBytes when not set): a quarter of the direct share. */
    public long ingest() {
        return direct / 4;
    }

    /**
     * The JVM options the launcher starts {@code serve} with. Up to a 4 GiB heap the serial collector with a fixed
     * 24 MiB young generation: the heap holds only bookkeeping (payloads are off-heap, released explicitly), whose
     * live set is a few MB plus ~100 B per media packet held, so a young generation that grows with {@code -Xmx}
     * (G1 made it hundreds of MB under load) is RSS without use, while a small one is collected in a few ms and
     * its survivor spaces (4 MiB each) hold the GOP caches' packets until they die instead of promoting them.
     * G1's own structures also took ~40 MB of an idle node. Larger heaps get G1.
     */
    public String jvmOptions() {
        String limits = "-Xmx" + mib(heap) + "m -Xms" + mib(Math.min(heap, 64L << 20)) + "m -XX:MaxDirectMemorySize=" + mib(direct) + "m";
        return heap <= SERIAL_GC_MAX_HEAP ? limits + " -XX:+UseSerialGC -Xmn24m -XX:SurvivorRatio=4" : limits;
    }

    /** {@code 512m}, {@code 1g}, {@code 1.5G}, {@code 300MB}, plain bytes. */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> { }
        }
        if (unit > 1) t = t.substring(0, t.length() - 1);
        try {
            return (long) (Double.parseDouble(t.trim()) * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a memory size: " + text + " (e.g. 512m, 1g)");
        }
    }

    static long mib(long bytes) {
        return bytes >> 20;
    }

    private static Optional<Long> cgroupLimit() {
        for (String f : new String[]{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
            try {
                String v = Files.readString(Path.of(f)).trim();
                if (!v.equals("max") && !v.isEmpty()) {
                    long l = Long.parseLong(v);
                    if (l > 0 && l < (1L << 50)) return Optional.of(l); // v1 reports "unlimited" as a huge number
                }
            } catch (IOException | RuntimeException e) {
                // no such cgroup file: not limited there
            }
        }
        return Optional.empty();
    }

    private static long physicalMemory() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize();
        return 4L << 30;
    }
}
