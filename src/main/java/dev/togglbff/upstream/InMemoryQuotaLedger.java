package dev.togglbff.upstream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The single-instance {@link QuotaLedger}: a map per hashed key. There is one reading per key and
 * scope, and at most a window's worth of send times (Toggl's limit, a few hundred at most); a
 * spent mark is forgotten once its reset passes.
 */
final class InMemoryQuotaLedger implements QuotaLedger {

    private record State(long remaining, @Nullable Instant resetsAt, Instant observedAt,
            @Nullable Instant exhaustedUntil) {
    }

    private final Map<String, Map<String, State>> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Deque<Instant>>> sends = new ConcurrentHashMap<>();

    @Override
    public void record(String keyHash, QuotaScope scope, long remaining, @Nullable Instant resetsAt,
            Instant observedAt) {
        states(keyHash).compute(scope.value(), (name, previous) -> new State(remaining, resetsAt, observedAt,
                previous == null ? null : previous.exhaustedUntil()));
    }

    @Override
    public void markExhausted(String keyHash, QuotaScope scope, Instant until, Instant observedAt) {
        states(keyHash).put(scope.value(), new State(0, until, observedAt, until));
    }

    @Override
    public Optional<Instant> exhaustedUntil(String keyHash, QuotaScope scope, Instant now) {
        Map<String, State> scopes = states.get(keyHash);
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
    public void sent(String keyHash, QuotaScope scope, Instant at, Instant forgetBefore) {
        Deque<Instant> log = sends.computeIfAbsent(keyHash, key -> new ConcurrentHashMap<>())
            .computeIfAbsent(scope.value(), name -> new ArrayDeque<>());
        synchronized (log) {
            while (!log.isEmpty() && log.peekFirst().isBefore(forgetBefore)) {
                log.pollFirst();
            }
            log.addLast(at);
        }
    }

    @Override
    public List<Instant> sentSince(String keyHash, QuotaScope scope, Instant since) {
        Map<String, Deque<Instant>> scopes = sends.get(keyHash);
        Deque<Instant> log = scopes == null ? null : scopes.get(scope.value());
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return log.stream().filter(at -> at.isAfter(since)).sorted().toList();
        }
    }

    @Override
    public Set<String> scopes(String keyHash) {
        Set<String> scopes = new HashSet<>();
        scopes.add(QuotaScope.user().value());
        scopes.addAll(states.getOrDefault(keyHash, Map.of()).keySet());
        scopes.addAll(sends.getOrDefault(keyHash, Map.of()).keySet());
        return scopes;
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

    @Override
    public void exclusively(String keyHash, Runnable claim) {
        synchronized (this) {
            claim.run();
        }
    }

    private Map<String, State> states(String keyHash) {
        return states.computeIfAbsent(keyHash, key -> new ConcurrentHashMap<>());
    }
}
