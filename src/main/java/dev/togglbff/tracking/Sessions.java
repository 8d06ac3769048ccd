package dev.togglbff.tracking;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.shared.SharedState;
import dev.togglbff.upstream.MatonCredentials;
import dev.togglbff.vault.KeyVault;
import dev.togglbff.vault.MatonKeyChanged;
import dev.togglbff.web.ApiException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Opens a {@link Session} for a user. Which key a user holds (its hash, never the key) is
 * remembered briefly, so a read served from the cache neither touches the vault's table nor
 * decrypts anything; the key is unlocked only when Toggl must be called. A replaced or deleted
 * key is forgotten at once. In shared-state mode nothing is remembered: a key replaced through
 * another instance must count at once, and the vault's table is shared.
 */
@Component
class Sessions {

    /** How long a user's key hash is remembered without asking the vault again. */
    private static final Duration REMEMBER = Duration.ofSeconds(60);
    private static final int MAX_USERS = 100_000;

    private final KeyVault vault;
    private final Cache<UUID, String> keyHashes = Caffeine.newBuilder()
        .expireAfterWrite(REMEMBER)
        .maximumSize(MAX_USERS)
        .build();

    private final boolean remember;

    Sessions(KeyVault vault, ObjectProvider<SharedState> shared) {
        this.vault = vault;
        this.remember = shared.getIfAvailable() == null;
    }

    /** Concurrent opens for one user whose key hash is not remembered unlock the key once. */
    Session open(UUID userId) {
        if (!remember) {
            return new Session(userId, unlock(userId));
        }
        MatonCredentials[] unlocked = new MatonCredentials[1];
        String keyHash = keyHashes.get(userId, id -> {
            // Not through unlock(): a failure here stores nothing, and forgetting inside the load would recurse.
            unlocked[0] = vault.requireCredentials(id);
            return unlocked[0].keyHash();
        });
        return unlocked[0] != null ? new Session(userId, unlocked[0])
                : new Session(userId, keyHash, () -> unlock(userId));
    }

    private MatonCredentials unlock(UUID userId) {
        try {
            return vault.requireCredentials(userId);
        }
        catch (ApiException ex) {
            keyHashes.invalidate(userId);
            throw ex;
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onKeyChanged(MatonKeyChanged event) {
        keyHashes.invalidate(event.userId());
    }
}
