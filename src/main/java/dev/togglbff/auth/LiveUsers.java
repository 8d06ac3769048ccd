package dev.togglbff.auth;

import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Whether the user a valid token names still exists: looked up once and then reused for
 * {@code bff.auth.user-check-ttl}, so a signed-in frontend's calls cost no database query each.
 * Only users found are remembered; an unknown id is looked up again every time. Concurrent
 * requests of one user share one lookup, so a remembered check running out costs one query.
 */
@Component
class LiveUsers {

    private static final long REMEMBERED = 100_000;

    private final UserRepository users;
    private final Cache<UUID, Boolean> existing;

    LiveUsers(UserRepository users, AuthProperties properties) {
        this.users = users;
        this.existing = Caffeine.newBuilder()
            .maximumSize(REMEMBERED)
            .expireAfterWrite(properties.userCheckTtl())
            .build();
    }

    /** Concurrent checks of one user make one query; a user not found is not remembered. */
    boolean exists(UUID id) {
        return existing.get(id, key -> users.exists(key) ? Boolean.TRUE : null) != null;
    }
}
