package dev.liverec.config;

/** The node's one memory budget and the order in which it degrades near it (docs/memory.md). */
public class MemoryConfig {
    /**
     * Everything the process may use, e.g. {@code 1g} or {@code 512m}; env {@code LIVEREC_MEMORY_BUDGET}, flag
     * {@code --memory-budget}. Empty: derived from the cgroup limit or the machine's memory. The launcher derives
     * the JVM's heap and direct-memory limits from it; the ingest budget of partial RTMP messages is a share of it.
     */
    public String budget;
    /** Share of the heap or direct limit in use at which GOP caches of streams without tasks are dropped. */
    public double dropGopCachesAt = 0.75;
    /** Share of the heap or direct limit in use at which new publishers are refused. */
    public double refusePublishersAt = 0.85;
    /** How long refusal lasts at least after the use was last at {@code refusePublishersAt}; then until 10 points below. */
    public long refuseForMillis = 10_000;
    /** How often the use is checked (also before each publish). */
    public long checkMillis = 500;
}
