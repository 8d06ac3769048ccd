package dev.togglbff.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current master key, which wraps every new data key, and the previous ones, which still
 * unwrap data keys written before a rotation.
 */
final class MasterKeys {

    private final MasterKey current;
    private final Map<String, MasterKey> byId;

    MasterKeys(MasterKey current, List<MasterKey> previous) {
        this.current = current;
        Map<String, MasterKey> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        previous.forEach(key -> keys.putIfAbsent(key.id(), key));
        this.byId = Map.copyOf(keys);
    }

    MasterKey current() {
        return current;
    }

    Optional<MasterKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public String toString() {
        return "MasterKeys[current=" + current.id() + ", known=" + byId.keySet() + "]";
    }
}
