package dev.togglbff.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Counts failed logins per username and per client address in a sliding window. Once either
 * count reaches its limit, every login for that username (or from that address) is refused,
 * whatever the password, until enough failures have left the window.
 */
@Component
class LoginThrottle {

    private final AuthProperties.Throttle limits;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> failures;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.limits = properties.throttle();
        this.clock = clock;
        this.failures = Caffeine.newBuilder().expireAfterAccess(limits.window()).maximumSize(100_000).build();
    }

    /** How long the caller must wait before trying again, or empty when a login may be tried now. */
    Optional<Duration> blockedFor(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> byUser = wait(userKey(username), limits.maxFailuresPerUsername(), now);
        Optional<Duration> byAddress = wait(addressKey(address), limits.maxFailuresPerAddress(), now);
        if (byUser.isPresent() && byAddress.isPresent()) {
            return Optional.of(byUser.get().compareTo(byAddress.get()) >= 0 ? byUser.get() : byAddress.get());
        }
        return byUser.isPresent() ? byUser : byAddress;
    }

    void recordFailure(String username, String address) {
        Instant now = clock.instant();
        add(userKey(username), now);
        add(addressKey(address), now);
    }

    /** A successful login clears the username's failures (the address keeps its count). */
    void recordSuccess(String username) {
        failures.invalidate(userKey(username));
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Deque<Instant> times = failures.getIfPresent(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            // Blocked until enough failures age out to bring the count below the limit.
            Instant[] ordered = times.toArray(Instant[]::new);
            Instant freedAt = ordered[times.size() - limit].plus(limits.window());
            return Optional.of(Duration.between(now, freedAt));
        }
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.get(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(limits.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }

    private static String userKey(String username) {
        return "u:" + username;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
