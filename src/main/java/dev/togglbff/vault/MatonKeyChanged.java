package dev.togglbff.vault;

import java.util.UUID;

import dev.togglbff.upstream.MatonCredentials;
import org.jspecify.annotations.Nullable;

/**
 * Published by {@link KeyVault} after a user's stored Maton key was replaced or deleted, or its
 * connection choice changed: whatever was cached for the old key (see
 * {@link MatonCredentials#keyHash()}) should be evicted. It is published inside the vault's
 * transaction; listen with {@code @TransactionalEventListener} to act only after the commit.
 *
 * @param userId     whose key changed
 * @param oldKeyHash lowercase hex SHA-256 of the UTF-8 bytes of the key stored before (as in
 *                   {@link MatonCredentials#keyHash()}), or {@code null} when that record could not
 *                   be decrypted (evict by user then)
 */
public record MatonKeyChanged(UUID userId, @Nullable String oldKeyHash) {
}
