package dev.togglbff.upstream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The single-instance {@link QuotaLedger}: a map per hashed key. Entries are small and there is
 * one per key and scope, so nothing is evicted; a spent mark is forgotten once its reset passes.
 */
final class InMemoryQuotaLedger implements QuotaLedger {

    private record State(long remaining, @Nullable Instant resetsAt, Instant observedAt,
            @Nullable Instant exhaustedUntil) {
    }

    private final Map<String, Map<String, State>> states = new ConcurrentHashMap<>();

    @Override
    public void record(MatonCredentials credentials, QuotaScope scope, long remaining, @Nullable Instant resetsAt,
            Instant observedAt) {
        scopes(credentials).compute(scope.value(), (name, previous) -> new State(remaining, resetsAt, observedAt,
                previous == null ? null : previous.exhaustedUntil()));
    }

    @Override
    public void markExhausted(MatonCredentials credentials, QuotaScope scope, Instant until, Instant observedAt) {
        scopes(credentials).put(scope.value(), new State(0, until, observedAt, until));
    }

    @Override
    public Optional<Instant> exhaustedUntil(MatonCredentials credentials, QuotaScope scope, Instant now) {
        Map<String, State> scopes = states.get(credentials.keyHash());
        State state = scopes == null ? null : scopes.get(scope.value());
        if (state == null || state.exhaustedUntil() == null) {
            return Optional.empty();
        }
        if (state.exhaustedUntil().isAfter(now)) {
            return Optional.of(state.exhaustedUntil());
        }
        scopes.computeIfPresent(scope.value(), (name, current) -> current.exhaustedUntil() != null
                && !current.exhaustedUntil().isAfter(now)
                        ? new State(current.remaining(), current.resetsAt(), current.observedAt(), null) : current);
        return Optional.empty();
    }

    @Override
    public List<QuotaEntry> entries(String keyHash) {
        Map<String, State> scopes = states.get(keyHash);
        if (scopes == null) {
            return List.of();
        }
        List<QuotaEntry> entries = new ArrayList<>();
        scopes.forEach((scope, state) -> entries
            .add(new QuotaEntry(scope, state.remaining(), state.resetsAt(), state.observedAt())));
        return entries;
    }

    private Map<String, State> scopes(MatonCredentials credentials) {
        return states.computeIfAbsent(credentials.keyHash(), key -> new ConcurrentHashMap<>());
    }
}
