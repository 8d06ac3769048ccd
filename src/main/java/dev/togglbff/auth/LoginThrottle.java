package dev.togglbff.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.shared.SharedState;
import dev.togglbff.web.Sha256;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per username and per client address in a sliding window (and OIDC sign-ins
 * started per client address, which are limited the same way). Once either
 * count reaches its limit, every login for that username (or from that address) is refused,
 * whatever the password, until enough failures have left the window. In shared-state mode the
 * failures are counted in Redis (a sorted set of failure times per hashed username or address),
 * so N instances allow no more failures than one; each instance also counts its own, which
 * decide while Redis is out.
 */
@Component
class LoginThrottle {

    private final AuthProperties.Throttle limits;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> failures;
    private final @Nullable SharedState shared;

    LoginThrottle(AuthProperties properties, Clock clock, ObjectProvider<SharedState> shared) {
        this.limits = properties.throttle();
        this.clock = clock;
        this.shared = shared.getIfAvailable();
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

    /**
     * How long the address must wait before it may start another OIDC sign-in, or empty when it may
     * start one now; a start that may go ahead is counted.
     */
    Optional<Duration> oidcStart(String address) {
        Instant now = clock.instant();
        String key = oidcStartKey(address);
        Optional<Duration> blocked = wait(key, limits.maxOidcStartsPerAddress(), now);
        if (blocked.isEmpty()) {
            add(key, now);
        }
        return blocked;
    }

    void recordFailure(String username, String address) {
        Instant now = clock.instant();
        add(userKey(username), now);
        add(addressKey(address), now);
    }

    /** A successful login clears the username's failures (the address keeps its count). */
    void recordSuccess(String username) {
        String key = userKey(username);
        failures.invalidate(key);
        if (shared != null) {
            shared.run(redis -> redis.delete(sharedKey(key)), () -> {
            });
        }
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        List<Instant> times = shared == null ? localTimes(key, now)
                : shared.attempt(redis -> {
                    String failed = sharedKey(key);
                    redis.opsForZSet().removeRangeByScore(failed, Double.NEGATIVE_INFINITY, oldest(now).toEpochMilli());
                    Set<String> members = redis.opsForZSet().range(failed, 0, -1);
                    return (members == null ? Set.<String>of() : members).stream()
                        .map(member -> Instant.ofEpochMilli(Long.parseLong(member.substring(0, member.indexOf(':')))))
                        .sorted()
                        .toList();
                }, () -> localTimes(key, now));
        if (times.size() < limit) {
            return Optional.empty();
        }
        // Blocked until enough failures age out to bring the count below the limit.
        Instant freedAt = times.get(times.size() - limit).plus(limits.window());
        return Optional.of(Duration.between(now, freedAt));
    }

    private List<Instant> localTimes(String key, Instant now) {
        Deque<Instant> times = failures.getIfPresent(key);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            prune(times, now);
            return List.copyOf(times);
        }
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.get(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
        if (shared != null) {
            shared.run(redis -> {
                String failed = sharedKey(key);
                redis.opsForZSet().add(failed, now.toEpochMilli() + ":" + UUID.randomUUID(), now.toEpochMilli());
                redis.expire(failed, limits.window());
            }, () -> {
            });
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = oldest(now);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }

    private Instant oldest(Instant now) {
        return now.minus(limits.window());
    }

    /** Usernames and addresses are hashed before they reach Redis. */
    private String sharedKey(String key) {
        return shared.key("login-failures", Sha256.hex(key));
    }

    private static String userKey(String username) {
        return "u:" + username;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }

    private static String oidcStartKey(String address) {
        return "o:" + address;
    }
}
