package dev.togglbff.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.togglbff.shared.SharedState;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The {@link QuotaLedger} of the shared-state mode: every instance reads and writes one ledger in
 * Redis, so N instances spend a key's quota as one. Per key hash and bucket: the last reading (a
 * hash), the spent mark (a string that expires at the reset) and the send log (a sorted set of
 * send times that expires a window after the last send). Claims of one key are serialised across
 * instances by a short lease in Redis ({@code bff.shared.claim-lease}). Each instance also keeps
 * its own {@link InMemoryQuotaLedger} up to date, which answers while Redis is out.
 */
final class RedisQuotaLedger implements QuotaLedger {

    /** Releases the claim lease only when it is still ours. */
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private static final Duration LEASE_POLL = Duration.ofMillis(2);

    private final SharedState shared;
    private final InMemoryQuotaLedger local = new InMemoryQuotaLedger();
    private final Duration retention;

    /** {@code retention}: how long readings are kept after the last one (the quota window and then some). */
    RedisQuotaLedger(SharedState shared, Duration retention) {
        this.shared = shared;
        this.retention = retention;
    }

    @Override
    public void record(String keyHash, QuotaScope scope, long remaining, @Nullable Instant resetsAt,
            Instant observedAt) {
        local.record(keyHash, scope, remaining, resetsAt, observedAt);
        String reading = remaining + "," + (resetsAt == null ? "" : resetsAt.toEpochMilli()) + ","
                + observedAt.toEpochMilli();
        shared.run(redis -> {
            redis.opsForHash().put(readingsKey(keyHash), scope.value(), reading);
            redis.expire(readingsKey(keyHash), retention);
            remember(redis, keyHash, scope);
        }, () -> {
        });
    }

    @Override
    public void markExhausted(String keyHash, QuotaScope scope, Instant until, Instant observedAt) {
        local.markExhausted(keyHash, scope, until, observedAt);
        long ttl = Math.max(1, Duration.between(observedAt, until).toMillis());
        shared.run(redis -> {
            redis.opsForValue()
                .set(shared.key("quota", keyHash, "spent", scope.value()), Long.toString(until.toEpochMilli()), ttl,
                        TimeUnit.MILLISECONDS);
            redis.opsForHash().put(readingsKey(keyHash), scope.value(), "0," + until.toEpochMilli() + ","
                    + observedAt.toEpochMilli());
            redis.expire(readingsKey(keyHash), retention);
            remember(redis, keyHash, scope);
        }, () -> {
        });
    }

    @Override
    public Optional<Instant> exhaustedUntil(String keyHash, QuotaScope scope, Instant now) {
        return shared.attempt(redis -> {
            String until = redis.opsForValue().get(shared.key("quota", keyHash, "spent", scope.value()));
            return Optional.ofNullable(until).map(Long::parseLong).map(Instant::ofEpochMilli)
                .filter(at -> at.isAfter(now));
        }, () -> local.exhaustedUntil(keyHash, scope, now));
    }

    @Override
    public void sent(String keyHash, QuotaScope scope, Instant at, Instant forgetBefore) {
        local.sent(keyHash, scope, at, forgetBefore);
        Duration keep = Duration.between(forgetBefore, at);
        shared.run(redis -> {
            String log = sentKey(keyHash, scope);
            redis.opsForZSet().removeRangeByScore(log, Double.NEGATIVE_INFINITY, forgetBefore.toEpochMilli() - 1);
            redis.opsForZSet().add(log, at.toEpochMilli() + ":" + UUID.randomUUID(), at.toEpochMilli());
            redis.expire(log, keep.isNegative() || keep.isZero() ? retention : keep);
            remember(redis, keyHash, scope);
        }, () -> {
        });
    }

    @Override
    public List<Instant> sentSince(String keyHash, QuotaScope scope, Instant since) {
        return shared.attempt(redis -> {
            Set<String> members = redis.opsForZSet()
                .rangeByScore(sentKey(keyHash, scope), since.toEpochMilli() + 1, Double.POSITIVE_INFINITY);
            List<Instant> times = new ArrayList<>();
            for (String member : members == null ? Set.<String>of() : members) {
                times.add(Instant.ofEpochMilli(Long.parseLong(member.substring(0, member.indexOf(':')))));
            }
            times.sort(null);
            return times;
        }, () -> local.sentSince(keyHash, scope, since));
    }

    @Override
    public Set<String> scopes(String keyHash) {
        return shared.attempt(redis -> {
            Set<String> scopes = new HashSet<>();
            scopes.add(QuotaScope.user().value());
            Set<String> known = redis.opsForSet().members(shared.key("quota", keyHash, "scopes"));
            if (known != null) {
                scopes.addAll(known);
            }
            return scopes;
        }, () -> local.scopes(keyHash));
    }

    @Override
    public List<QuotaEntry> entries(String keyHash) {
        return shared.attempt(redis -> {
            Map<Object, Object> readings = redis.opsForHash().entries(readingsKey(keyHash));
            List<QuotaEntry> entries = new ArrayList<>();
            readings.forEach((scope, value) -> {
                String[] parts = value.toString().split(",", -1);
                entries.add(new QuotaEntry(scope.toString(), Long.parseLong(parts[0]),
                        parts[1].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(parts[1])),
                        Instant.ofEpochMilli(Long.parseLong(parts[2]))));
            });
            return entries;
        }, () -> local.entries(keyHash));
    }

    @Override
    public void exclusively(String keyHash, Runnable claim) {
        local.exclusively(keyHash, () -> {
            String lease = shared.key("quota", keyHash, "claim");
            String token = UUID.randomUUID().toString();
            boolean held = shared.attempt(redis -> acquire(redis, lease, token), () -> false);
            try {
                claim.run();
            }
            finally {
                if (held) {
                    shared.run(redis -> redis.execute(RELEASE, List.of(lease), token), () -> {
                    });
                }
            }
        });
    }

    /** Takes the key's claim lease, waiting while another instance holds it (at most one lease time). */
    private boolean acquire(StringRedisTemplate redis, String lease, String token) {
        Duration claimLease = shared.claimLease();
        long deadline = System.nanoTime() + claimLease.toNanos();
        while (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(lease, token, claimLease))) {
            if (System.nanoTime() - deadline > 0) {
                // A holder that died keeps the lease until it expires; claim without it rather than fail.
                return false;
            }
            Sleeper.pause(LEASE_POLL);
        }
        return true;
    }

    private void remember(StringRedisTemplate redis, String keyHash, QuotaScope scope) {
        String scopes = shared.key("quota", keyHash, "scopes");
        redis.opsForSet().add(scopes, scope.value());
        redis.expire(scopes, retention);
    }

    private String readingsKey(String keyHash) {
        return shared.key("quota", keyHash, "readings");
    }

    private String sentKey(String keyHash, QuotaScope scope) {
        return shared.key("quota", keyHash, "sent", scope.value());
    }
}
