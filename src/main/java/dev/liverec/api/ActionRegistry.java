package dev.liverec.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Actions by name; each component registers its own when the server is wired. */
public final class ActionRegistry {
    private final Map<String, ApiAction> actions = new ConcurrentHashMap<>();

    public void register(ApiAction action) {
        if (actions.putIfAbsent(action.name(), action) != null) {
            throw new IllegalStateException("action registered twice: " + action.name());
        }
    }

    public void registerAll(Iterable<? extends ApiAction> list) {
        for (ApiAction a : list) register(a);
    }

    public Optional<ApiAction> find(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    public Set<String> names() {
        return Set.copyOf(actions.keySet());
    }
}
