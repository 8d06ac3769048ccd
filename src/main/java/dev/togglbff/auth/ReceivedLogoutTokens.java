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
 * The back-channel logout tokens received, by issuer and {@code jti}, for as long as such a token
 * could still be accepted: a token received again (a replay, or the provider delivering it twice)
 * ends nothing once it was acted upon, so it cannot end the sessions a user signed in to after it;
 * while the first delivery is still being acted upon, a second one is told to come back. In
 * shared-state mode the record is in Redis too, so what one instance received is known to all;
 * while Redis is out, each instance goes by its own.
 */
@Component
class ReceivedLogoutTokens {

    /** What is known of a token just received. */
    enum Receipt {
        /** Not received before: act upon it, then say {@link #done} or {@link #forget}. */
        FIRST,
        /** Acted upon already: nothing is left to do. */
        DONE,
        /** Being acted upon now, by this instance or another. */
        UNDER_WAY
    }

    private static final String UNDER_WAY = "under-way";
    private static final String DONE = "done";

    private final Duration remembered;
    private final Cache<String, String> local;
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

    /**
     * Records the token as received and under way. This instance's own record counts whether Redis
     * answers or not, so a token it received while Redis was out, or before Redis lost it, is not
     * acted upon again here.
     */
    Receipt receive(String issuer, String jti) {
        String key = key(issuer, jti);
        String held = local.asMap().putIfAbsent(key, UNDER_WAY);
        if (held != null) {
            return DONE.equals(held) ? Receipt.DONE : Receipt.UNDER_WAY;
        }
        if (shared == null) {
            return Receipt.FIRST;
        }
        String sharedKey = sharedKey(key);
        Receipt receipt = shared.attempt(redis -> {
            if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(sharedKey, UNDER_WAY, remembered))) {
                return Receipt.FIRST;
            }
            return DONE.equals(redis.opsForValue().get(sharedKey)) ? Receipt.DONE : Receipt.UNDER_WAY;
        }, () -> Receipt.FIRST);
        if (receipt == Receipt.DONE) {
            local.put(key, DONE);
        }
        else if (receipt == Receipt.UNDER_WAY) {
            // Another instance has it: this one holds no claim of its own.
            local.asMap().remove(key, UNDER_WAY);
        }
        return receipt;
    }

    /** The token was acted upon: every later delivery ends nothing. */
    void done(String issuer, String jti) {
        String key = key(issuer, jti);
        local.put(key, DONE);
        if (shared != null) {
            shared.run(redis -> redis.opsForValue().set(sharedKey(key), DONE, remembered), () -> {
            });
        }
    }

    /** Acting upon the token failed: the provider's next delivery is acted upon, wherever it lands. */
    void forget(String issuer, String jti) {
        String key = key(issuer, jti);
        local.invalidate(key);
        if (shared != null) {
            shared.run(redis -> redis.delete(sharedKey(key)), () -> {
            });
        }
    }

    /** Issuer and token id are hashed before they reach Redis. */
    private static String key(String issuer, String jti) {
        return Sha256.hex(issuer + "\n" + jti);
    }

    private String sharedKey(String key) {
        return shared.key("logout-token", key);
    }
}
