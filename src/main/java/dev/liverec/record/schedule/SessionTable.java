package dev.liverec.record.schedule;

import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which owners record which publish, by stream and owner. Confined to the scheduler thread. */
final class SessionTable {
    private final Map<StreamKey, Map<String, OwnerSessions>> byStream = new HashMap<>();

    /** The owner's sessions on this very publish of the stream, or null. */
    OwnerSessions get(LiveStream stream, String owner) {
        OwnerSessions r = get(stream.key(), owner);
        return r != null && r.stream == stream ? r : null;
    }

    /** The owner's sessions on the stream's current or a previous publish, or null. */
    OwnerSessions get(StreamKey key, String owner) {
        Map<String, OwnerSessions> m = byStream.get(key);
        return m == null ? null : m.get(owner);
    }

    boolean running(LiveStream stream, String owner) {
        return get(stream, owner) != null;
    }

    /** Tasks (not rules) recording this publish. */
    long tasksOn(LiveStream stream) {
        Map<String, OwnerSessions> m = byStream.get(stream.key());
        if (m == null) return 0;
        return m.values().stream().filter(r -> r.stream == stream && r.task != null).count();
    }

    /** Tasks recording on this node. */
    int tasksRunning() {
        int n = 0;
        for (Map<String, OwnerSessions> m : byStream.values()) for (OwnerSessions r : m.values()) if (r.task != null) n++;
        return n;
    }

    void add(OwnerSessions r) {
        byStream.computeIfAbsent(r.stream.key(), k -> new LinkedHashMap<>()).put(r.ownerId, r);
    }

    void remove(OwnerSessions r) {
        Map<String, OwnerSessions> m = byStream.get(r.stream.key());
        if (m == null) return;
        m.remove(r.ownerId, r);
        if (m.isEmpty()) byStream.remove(r.stream.key());
    }

    /** Forgets every owner of this publish (it ended; its sessions end by themselves). */
    List<OwnerSessions> removePublish(LiveStream stream) {
        Map<String, OwnerSessions> m = byStream.get(stream.key());
        if (m == null) return List.of();
        List<OwnerSessions> gone = new ArrayList<>();
        m.values().removeIf(r -> r.stream == stream && gone.add(r));
        if (m.isEmpty()) byStream.remove(stream.key());
        return gone;
    }

    /** A snapshot of every entry. */
    List<OwnerSessions> all() {
        List<OwnerSessions> out = new ArrayList<>();
        for (Map<String, OwnerSessions> m : byStream.values()) out.addAll(m.values());
        return out;
    }

    void clear() {
        byStream.clear();
    }
}
