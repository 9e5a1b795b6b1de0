package dev.liverec.config;

/** Node liveness in the shared database: how often a node renews its heartbeat and how long it stays alive without. */
public class ClusterConfig {
    /**
     * A node whose heartbeat is older than this is dead: its live streams stop counting on every node and its id may
     * be claimed by a new process. Keep it well above {@link #heartbeatMillis} (a few missed beats are tolerated).
     */
    public long leaseMillis = 12_000;
    public long heartbeatMillis = 3_000;
}
