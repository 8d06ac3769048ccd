package dev.togglbff.vault;

import dev.togglbff.upstream.MatonCredentials;

/**
 * A decrypted Maton key, for the length of one call: the credentials for the upstream client
 * and a hash of the key to key caches by. Neither shows the key.
 *
 * @param credentials the key and connection choice, for the upstream client
 * @param keyHash     lowercase hex SHA-256 of the key's UTF-8 bytes: the same value
 *                    {@link MatonKeyChanged#oldKeyHash()} carries when this key is replaced or deleted
 */
public record UnlockedMatonKey(MatonCredentials credentials, String keyHash) {
}
