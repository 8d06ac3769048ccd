package dev.togglbff.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Users who sign in with an external OIDC issuer: provisioned on their first call from the
 * token's {@code sub} and {@code preferred_username}, then found by issuer and subject.
 */
@Component
class ExternalUsers {

    private static final Logger log = LoggerFactory.getLogger(ExternalUsers.class);
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9._-]");
    private static final int MIN_USERNAME = 3;
    private static final int MAX_USERNAME = 64;
    private static final int SUFFIX_LENGTH = 5;
    private static final int MAX_ATTEMPTS = 5;

    private final UserRepository users;
    private final Clock clock;
    private final Cache<String, CurrentUser> known = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(Duration.ofMinutes(10))
        .build();

    private final LiveUsers liveUsers;

    ExternalUsers(UserRepository users, LiveUsers liveUsers, Clock clock) {
        this.users = users;
        this.liveUsers = liveUsers;
        this.clock = clock;
    }

    /** The user of an external identity; one deleted since it was last seen is provisioned again. */
    CurrentUser resolve(String issuer, String subject, String preferredUsername, String displayName) {
        String identity = issuer + '\n' + subject;
        CurrentUser user = known.get(identity, key -> findOrProvision(issuer, subject, preferredUsername, displayName));
        if (!liveUsers.exists(user.id())) {
            known.invalidate(identity);
            user = known.get(identity, key -> findOrProvision(issuer, subject, preferredUsername, displayName));
        }
        return user;
    }

    private CurrentUser findOrProvision(String issuer, String subject, String preferredUsername, String displayName) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var existing = users.findByExternalIdentity(issuer, subject);
            if (existing.isPresent()) {
                return new CurrentUser(existing.get().id(), existing.get().username());
            }
            String username = candidate(preferredUsername, attempt);
            Instant now = clock.instant();
            User user = new User(UUID.randomUUID(), username, displayName.isBlank() ? username : displayName, null,
                    issuer, subject, now, now);
            try {
                users.insert(user);
                log.info("Provisioned user {} ({}) from external issuer {}", user.id(), username, issuer);
                return new CurrentUser(user.id(), username);
            }
            catch (DuplicateKeyException ex) {
                // The username is taken, or another request provisioned this identity first: look again.
            }
        }
        throw new IllegalStateException("Could not provision a user for an external identity of " + issuer);
    }

    private static String candidate(String preferredUsername, int attempt) {
        String base = NOT_ALLOWED.matcher(preferredUsername.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
        if (base.length() > MAX_USERNAME - SUFFIX_LENGTH - 1) {
            base = base.substring(0, MAX_USERNAME - SUFFIX_LENGTH - 1);
        }
        if (attempt == 0 && base.length() >= MIN_USERNAME) {
            return base;
        }
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 25), 36);
        return (base.isEmpty() ? "user" : base) + "-" + suffix;
    }
}
