package dev.liverec.control;

import dev.liverec.app.ControlModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.config.ApiConfig;
import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.storage.StorageHealth;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** A control plane over a fresh database, driven through its actions as the gateway would. */
public final class ControlPlaneFixture implements AutoCloseable {
    public static final Account ALICE = new Account(1, 1250000001, "alice", AccountState.ACTIVE);
    public static final Account BOB = new Account(2, 1250000002, "bob", AccountState.ACTIVE);
    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    public final MutableClock clock = new MutableClock(T0);
    public final ApiConfig config = new ApiConfig();
    public final AtomicReference<StorageHealth> storage = new AtomicReference<>();
    private final DbConfig dbConfig;
    private final Path dir;
    private final int pageSize;
    private Database db;
    private ControlPlane cp;
    private Map<String, ApiAction> actions;

    private final boolean shared;
    private static final Map<String, Database> SHARED = new HashMap<>();
    private static final List<String> TABLES = List.of("record_task", "record_template", "record_rule",
            "callback_template", "callback_rule", "live_domain", "control_account");

    /** Over the JVM-wide database of {@code kind}, emptied first (fast; cannot be closed or reopened). */
    public static ControlPlaneFixture shared(String kind, int pageSize) {
        Database db;
        synchronized (SHARED) {
            db = SHARED.computeIfAbsent(kind, k -> {
                try {
                    Path d = java.nio.file.Files.createTempDirectory("liverec-control-" + k);
                    return Database.open(TestDatabases.fresh(k, d), d);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        db.jdbi().useHandle(h -> TABLES.forEach(t -> h.execute("DELETE FROM " + t)));
        return new ControlPlaneFixture(db, pageSize);
    }

    /** Over a fresh database of its own, which it can close and reopen. */
    public ControlPlaneFixture(String kind, Path dir, int pageSize) {
        this.dir = dir;
        this.pageSize = pageSize;
        this.dbConfig = TestDatabases.fresh(kind, dir);
        this.shared = false;
        open();
    }

    private ControlPlaneFixture(Database db, int pageSize) {
        this.dir = null;
        this.dbConfig = null;
        this.pageSize = pageSize;
        this.shared = true;
        this.db = db;
        wire();
    }

    private void open() {
        db = Database.open(dbConfig, dir);
        wire();
    }

    private void wire() {
        cp = ControlPlane.over(db.jdbi(), clock, config, pageSize);
        StorageHealth health = new StorageHealth() {
            @Override public boolean usable() { return storage.get() == null || storage.get().usable(); }
            @Override public String problem() { return storage.get() == null ? null : storage.get().problem(); }
        };
        actions = new HashMap<>();
        for (ApiAction a : ControlModule.actions(cp, health)) actions.put(a.name(), a);
    }

    /** Closes the database and opens it again (a restart). */
    public void reopen() {
        if (shared) throw new IllegalStateException("shared database");
        db.close();
        open();
    }

    public Database db() { return db; }

    public ControlPlane cp() { return cp; }

    public ObjectNode call(Account who, String action, String json) {
        ObjectNode params;
        try {
            params = (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
        ApiCall call = new ApiCall(action, who, params, "ap-guangzhou", "en-US", UUID.randomUUID().toString(),
                clock.instant(), "http://127.0.0.1");
        ApiAction a = actions.get(action);
        if (a == null) throw new IllegalArgumentException("no action " + action);
        Object out = a.handle(call);
        return (ObjectNode) Json.MAPPER.valueToTree(out);
    }

    /** The error code {@code action} answers with; fails when it succeeds. */
    public String error(Account who, String action, String json) {
        try {
            JsonNode out = call(who, action, json);
            throw new AssertionError(action + " " + json + " succeeded: " + out);
        } catch (ApiException e) {
            return e.code();
        }
    }

    @Override
    public void close() {
        if (!shared) db.close();
    }
}
