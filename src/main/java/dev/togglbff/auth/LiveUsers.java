package dev.togglbff.auth;

import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Whether the user a valid token names still exists: looked up once and then reused for
 * {@code bff.auth.user-check-ttl}, so a signed-in frontend's calls cost no database query each.
 * Only users found are remembered; an unknown id is looked up again every time.
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

    boolean exists(UUID id) {
        if (existing.getIfPresent(id) != null) {
            return true;
        }
        boolean found = users.exists(id);
        if (found) {
            existing.put(id, Boolean.TRUE);
        }
        return found;
    }
}
