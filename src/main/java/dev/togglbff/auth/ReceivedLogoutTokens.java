package dev.togglbff.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.shared.SharedState;
import dev.togglbff.web.Sha256;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The back-channel logout tokens acted upon, by issuer and {@code jti}, for as long as such a token
 * could still be accepted: a token received again (a replay, or the provider delivering it twice)
 * ends nothing, so it cannot end the sessions a user signed in to after it. In shared-state mode
 * the record is in Redis, so a token acted upon by one instance is known to all; while Redis is out,
 * each instance keeps its own.
 */
@Component
class ReceivedLogoutTokens {

    private final Duration remembered;
    private final Cache<String, Boolean> local;
    private final @Nullable SharedState shared;

    @Autowired
    ReceivedLogoutTokens(ObjectProvider<SharedState> shared) {
        this(BackChannelLogout.ACCEPTED_FOR, shared.getIfAvailable());
    }

    ReceivedLogoutTokens(Duration remembered, @Nullable SharedState shared) {
        this.remembered = remembered;
        this.shared = shared;
        this.local = Caffeine.newBuilder().expireAfterWrite(remembered).maximumSize(100_000).build();
    }

    /** Records the token as received; false when it was received before (nothing is to be done). */
    boolean firstTime(String issuer, String jti) {
        String key = key(issuer, jti);
        if (shared == null) {
            return claimLocally(key);
        }
        return shared.attempt(redis -> Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(sharedKey(key), "1",
                remembered)), () -> claimLocally(key));
    }

    /** Forgets the token: acting on it failed, so the provider's next delivery must be acted upon. */
    void forget(String issuer, String jti) {
        String key = key(issuer, jti);
        local.invalidate(key);
        if (shared != null) {
            shared.run(redis -> redis.delete(sharedKey(key)), () -> {
            });
        }
    }

    private boolean claimLocally(String key) {
        return local.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Issuer and token id are hashed before they reach Redis. */
    private static String key(String issuer, String jti) {
        return Sha256.hex(issuer + "\n" + jti);
    }

    private String sharedKey(String key) {
        return shared.key("logout-token", key);
    }
}
