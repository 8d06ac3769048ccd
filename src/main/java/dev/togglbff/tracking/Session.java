package dev.togglbff.tracking;

import java.util.UUID;
import java.util.function.Supplier;

import dev.togglbff.upstream.MatonCredentials;
import org.jspecify.annotations.Nullable;

/**
 * The caller of a Toggl-backed request: whose key (by hash, which is all a cache hit needs) and
 * the key itself, unlocked from the vault only when a request must go to Toggl, and then at most
 * once per request.
 */
final class Session {

    private final UUID userId;
    private final String keyHash;
    private final Supplier<MatonCredentials> unlock;
    private @Nullable MatonCredentials credentials;

    Session(UUID userId, String keyHash, Supplier<MatonCredentials> unlock) {
        this.userId = userId;
        this.keyHash = keyHash;
        this.unlock = unlock;
    }

    Session(UUID userId, MatonCredentials credentials) {
        this(userId, credentials.keyHash(), () -> credentials);
        this.credentials = credentials;
    }

    UUID userId() {
        return userId;
    }

    String keyHash() {
        return keyHash;
    }

    synchronized MatonCredentials credentials() {
        if (credentials == null) {
            credentials = unlock.get();
        }
        return credentials;
    }

    @Override
    public String toString() {
        return "Session[user=" + userId + "]";
    }
}
