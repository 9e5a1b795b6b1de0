package dev.liverec.db;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Values every node of a cluster shares (table {@code cluster_setting}), e.g. the playback URL signing key: the
 * first node that needs one generates and stores it, every other node reads the same value. Blocking (JDBC).
 */
public final class ClusterSettings {
    private final Jdbi jdbi;
    private final Clock clock;

    public ClusterSettings(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Optional<String> get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM cluster_setting WHERE setting_name = :n")
                .bind("n", name).mapTo(String.class).findFirst());
    }

    /**
     * The stored value of {@code name}, else {@code generate}'s, stored: nodes starting together agree on the value
     * of whichever insert came first.
     */
    public String getOrCreate(String name, Supplier<String> generate) {
        Optional<String> v = get(name);
        if (v.isPresent()) return v.get();
        String value = generate.get();
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO cluster_setting (setting_name, setting_value, created_ms) VALUES (:n, :v, :t)""")
                    .bind("n", name).bind("v", value).bind("t", clock.millis()).execute());
        } catch (JdbiException lost) {
            // another node inserted it first (primary key): its value is the cluster's
            return get(name).orElseThrow(() -> lost);
        }
        return value;
    }
}
